"""Test-only machinery: bleak backends and BLE peripherals that run the real driver code.

Nothing in here may be imported by production code (an import-linter contract forbids
``bumble``/``bluezoo`` in kiosk, drivers, measurements and sync).
"""
