"""``lifelog-kiosk``: run the station, or one of the tools built on the same code.

  lifelog-kiosk [run] [--config PATH] [--windowed]
  lifelog-kiosk demo --out DIR           scripted headless visit, one PNG per screen
  lifelog-kiosk decode KIND HEX...       decode a captured device frame to JSON
  lifelog-kiosk score TEST VIDEO [--start-s S]   score a recorded fitness test to JSON
  lifelog-kiosk export --fhir VISIT_ID | --all [--out FILE]

Every failure ends in a one-line message and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

log = logging.getLogger("kiosk")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lifelog-kiosk", description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run the kiosk (default)")
    run.add_argument("--config", type=Path)
    run.add_argument("--windowed", action="store_true", help="not full screen")
    demo = sub.add_parser("demo", help="walk a scripted visit headless, writing screenshots")
    demo.add_argument("--out", type=Path, required=True)
    decode = sub.add_parser("decode", help="decode a captured frame (hex) to JSON")
    decode.add_argument("kind")
    decode.add_argument("hex", nargs="+")
    score = sub.add_parser("score", help="score a recorded fitness-test video to JSON")
    score.add_argument("test", help="chair-stand-30s, sit-to-stand-5x, timed-up-and-go, ...")
    score.add_argument("video", type=Path)
    score.add_argument("--start-s", type=float, default=None,
                       help="the 'go' signal, seconds into the video (default: first frame)")
    export = sub.add_parser("export", help="write FHIR Bundles as JSON")
    export.add_argument("--config", type=Path)
    export.add_argument("--db", type=Path)
    export.add_argument("--out", type=Path)
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--fhir", metavar="VISIT_ID")
    which.add_argument("--all", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    command = args.command or "run"
    handlers = {"run": _run, "demo": _demo, "decode": _decode, "score": _score, "export": _export}
    try:
        return int(handlers[command](args))
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # last line of defence: a message, never a traceback
        log.debug("unhandled", exc_info=True)
        print(f"lifelog-kiosk {command}: {type(err).__name__}: {err}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from kiosk.app import run  # noqa: PLC0415 - keep tool commands free of Qt start-up

    return int(run(getattr(args, "config", None), windowed=getattr(args, "windowed", False)))


def _demo(args: argparse.Namespace) -> int:
    from kiosk.demo import run_demo  # noqa: PLC0415

    return int(run_demo(args.out))


def _decode(args: argparse.Namespace) -> int:
    kind, hex_words = args.kind, args.hex
    from drivers.codecs.cli_support import parse_hex  # noqa: PLC0415
    from drivers.codecs.decode import decode  # noqa: PLC0415
    from drivers.codecs.errors import CodecError  # noqa: PLC0415

    try:
        result = decode(kind, parse_hex(hex_words))
    except (CodecError, KeyError, ValueError) as err:
        print(f"lifelog-kiosk decode: {err}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    return 0


def _score(args: argparse.Namespace) -> int:
    test, video = args.test, args.video
    from measurements.pose.video import score_video  # noqa: PLC0415

    if not video.exists():
        print(f"lifelog-kiosk score: {video}: no such file", file=sys.stderr)
        return 2
    options = {} if args.start_s is None else {"start_s": args.start_s}
    try:
        result = score_video(test, video, **options)
    except ValueError as err:  # unknown test name or option
        print(f"lifelog-kiosk score: {err}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    return 0 if result.get("valid", True) else 3


def _export(args: argparse.Namespace) -> int:
    import getpass  # noqa: PLC0415
    from datetime import UTC, datetime  # noqa: PLC0415

    from kiosk import config as config_module  # noqa: PLC0415
    from measurements import store  # noqa: PLC0415
    from measurements.database import open_database  # noqa: PLC0415
    from sync.config import MappingConfig  # noqa: PLC0415
    from sync.export import export_bundles  # noqa: PLC0415
    from sync.fhir.source import VisitNotFoundError  # noqa: PLC0415
    from sync.fhir.validate import InvalidBundleError  # noqa: PLC0415

    cfg = config_module.load(args.config)
    path = args.db or cfg.db_path
    if not path.exists():  # opening it would create an empty database and export nothing
        print(f"lifelog-kiosk export: {path}: no such database", file=sys.stderr)
        return 2
    db = open_database(path)
    try:
        mapping = MappingConfig(idempotency="put" if cfg.platform.idempotency == "put"
                                else "conditional-create")
        try:
            bundles = export_bundles(db, None if args.all else args.fhir, config=mapping)
        except VisitNotFoundError:
            print(f"lifelog-kiosk export: no visit {args.fhir!r} in {path}", file=sys.stderr)
            return 2
        except InvalidBundleError as err:
            print(f"lifelog-kiosk export: not valid FHIR: {err}", file=sys.stderr)
            return 3
        text = json.dumps(bundles, ensure_ascii=False, indent=2)
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            print(text)
        # health data left the station: who, when, which visits and where to (never values)
        # the Bundle identifier is "station/visit/bundle" (sync/fhir/mapping.py)
        visits = [str(b["identifier"]["value"]).rsplit("/", 2)[1] for b in bundles]
        store.audit(db, actor_role="operator", actor_id=getpass.getuser(), action="fhir_export",
                    subject=args.fhir if not args.all else "all", now=datetime.now(UTC),
                    detail={"bundles": len(bundles), "visits": visits,
                            "to": str(args.out) if args.out else "stdout"})
        if args.out:
            print(f"{len(bundles)} bundle(s) written to {args.out}")
        return 0
    finally:
        db.close()


if __name__ == "__main__":
    sys.exit(main())
