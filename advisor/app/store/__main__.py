"""`python -m advisor.app.store purge --days N`: erase drafts untouched for N days (for cron), in
the store BMI_ADVISOR_DB names; the app applies BMI_ADVISOR_KEEP_DRAFTS_DAYS by itself."""

from __future__ import annotations

import argparse
import sys

from advisor.app.store import open_store
from advisor.app.store.common import StoreUnavailable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m advisor.app.store")
    commands = parser.add_subparsers(dest="command", required=True)
    purge = commands.add_parser("purge", help="erase drafts nobody has changed for DAYS days")
    purge.add_argument("--days", type=float, required=True)
    args = parser.parse_args(argv)
    if not args.days > 0:
        parser.error("--days must be above 0")
    try:
        gone = open_store().purge_untouched(args.days)
    except StoreUnavailable as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    sys.stdout.write(f"erased {gone} draft(s) untouched for {args.days:g} days\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
