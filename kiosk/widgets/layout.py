"""Small layout helpers shared by screens that rebuild their contents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget in ``layout``, out of sight and reach at once.

    deleteLater() alone leaves the widget a visible child until the next event-loop pass: a
    stale row (a retry or pair button for something already handled) could still be found and
    pressed.  Hidden and detached now, deleted later.
    """
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


def show_children(layout: QLayout) -> None:
    """Show the widgets just added to ``layout`` now.

    A child added to an already visible parent is shown only by a queued call on the next
    event-loop pass (QLayout::addChildWidget); until then it is invisible and, for a button,
    unclickable.  Screens that rebuild rows in a callback show them at once.
    """
    for index in range(layout.count()):
        item = layout.itemAt(index)
        widget = item.widget() if item is not None else None
        # what the queued call does: show unless someone hid the widget on purpose
        explicitly_hidden = widget is not None and widget.isHidden() and widget.testAttribute(
            Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
        if widget is not None and not explicitly_hidden:
            widget.show()
