"""Command line: `python -m portalkit check [-f mkdocs.yml]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portalkit", description="发展党员工作门户的内容工具")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查题库、清单和页面中的内容块，不构建网站")
    check.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                       help="站点配置文件（默认：当前文件夹的 mkdocs.yml）")
    args = parser.parse_args(argv)
    from portalkit.check import main as run_check

    return run_check(args.config_file)


if __name__ == "__main__":
    sys.exit(main())
