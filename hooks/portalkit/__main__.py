"""Command line: `python -m portalkit check [-f mkdocs.yml]`, `python -m portalkit report PATH... -o OUTDIR`."""

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
    report = commands.add_parser("report", help="把各党组织导出的核查记录汇总为自查报告（Word、Excel、Markdown）")
    report.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="导出的核查记录（JSON 或 CSV）或放它们的文件夹（包括子文件夹）")
    report.add_argument("-o", "--output", type=Path, required=True, metavar="OUTDIR",
                        help="放 report.docx、report.xlsx、report.md 的文件夹")
    report.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                        help="站点配置文件（默认：当前文件夹的 mkdocs.yml）")
    args = parser.parse_args(argv)
    if args.command == "report":
        from portalkit.report.cli import main as run_report

        return run_report(args.paths, args.output, args.config_file)
    from portalkit.check import main as run_check

    return run_check(args.config_file)


if __name__ == "__main__":
    sys.exit(main())
