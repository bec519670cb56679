"""Command line: validate, score and schedule workshop files, cost them, track them against baselines, print the
schema.

Exit codes: 0 ok, 2 invalid input (one line per problem on stderr, naming file, field and problem).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from planner.cli_finance import finance_json, print_finance
from planner.cli_shapes import SHAPES, ScheduleOut
from planner.cli_status import print_status, status_json, tracked_json
from planner.domain.analysis import Analysis, analyse
from planner.domain.errors import WorkshopInputError
from planner.domain.models import Workshop
from planner.domain.results import Roadmap
from planner.domain.scoring import sensitivity_label
from planner.domain.tracking import TrackedPhase, status_report
from planner.domain.tracking_edits import add_baseline
from planner.domain.vocabulary import EARLIEST_DATE, GUIDANCE_TEXT, LATEST_DATE, PHASE_LABELS, QUADRANT_LABELS, Stage
from planner.formats.header_mapping import mappable_fields, suggest_mapping
from planner.formats.imports import apply_import, rows_to_use_cases
from planner.formats.roundtrip import import_summary, is_own_workbook, read_own_workbook
from planner.formats.spreadsheets import read_table
from planner.formats.workshop_json import dump_workshop, read_workshop, workshop_schema

EXIT_OK = 0
EXIT_INVALID = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(EXIT_INVALID)


AS_OF_HELP = "re-plan from this day, YYYY-MM-DD (default: today once the workshop is tracked)"


def _date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as YYYY-MM-DD, such as 2027-05-03"
        ) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise argparse.ArgumentTypeError(f"{text} is outside {EARLIEST_DATE:%Y} to {LATEST_DATE:%Y}")
    return day


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m planner", description="Plan a phased AI roadmap from a workshop file.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    validate = sub.add_parser("validate", help="check a workshop file and list every problem")
    validate.add_argument("file", type=Path)
    score = sub.add_parser("score", help="rank the use cases by impact and feasibility")
    score.add_argument("file", type=Path)
    score.add_argument("--json", action="store_true", help="print JSON instead of a table")
    schedule = sub.add_parser("schedule", help="print the phased roadmap")
    schedule.add_argument("file", type=Path)
    schedule.add_argument("--json", action="store_true", help="print JSON instead of a table")
    schedule.add_argument("--as-of", type=_date, metavar="DATE", help=AS_OF_HELP)
    finance = sub.add_parser("finance", help="monthly spend and value, payback, and the funding each gate releases")
    finance.add_argument("file", type=Path)
    finance.add_argument("--json", action="store_true", help="print JSON instead of text")
    finance.add_argument("--as-of", type=_date, metavar="DATE", help=AS_OF_HELP)
    baseline = sub.add_parser("baseline", help="store the current plan as a baseline to measure slippage against")
    baseline.add_argument("file", type=Path)
    baseline.add_argument("--name", required=True, help="what to call it, such as 'Board approval'")
    baseline.add_argument("-o", "--output", type=Path, help="the workshop JSON to write (default: FILE itself)")
    baseline.add_argument("--as-of", type=_date, metavar="DATE", help=AS_OF_HELP)
    status = sub.add_parser("status", help="late and at-risk phases, gates due, KPIs off track, changes")
    status.add_argument("file", type=Path)
    status.add_argument("--as-of", type=_date, metavar="DATE", help=AS_OF_HELP)
    status.add_argument("--baseline", metavar="ID", help="the baseline to compare against (default: the latest)")
    status.add_argument("--json", action="store_true", help="print JSON instead of text")
    schema = sub.add_parser("schema", help="print the JSON Schema of a workshop file, or of a command's --json")
    schema.add_argument(
        "--of",
        choices=["workshop", *SHAPES],
        default="workshop",
        help="workshop (the file), schedule, status or finance (that command's --json)",
    )
    export = sub.add_parser(
        "export",
        help="write the workshop as .xlsx, .html (Gantt), .png or .pdf (Gantt slide), .csv (roadmap) or .json",
    )
    export.add_argument("file", type=Path)
    export.add_argument(
        "-o", "--output", type=Path, required=True, help="OUT.xlsx, OUT.html, OUT.png, OUT.pdf, OUT.csv or OUT.json"
    )
    imp = sub.add_parser("import", help="read use cases from .xlsx or .csv into a workshop file")
    imp.add_argument("file", type=Path)
    imp.add_argument("-o", "--output", type=Path, required=True, help="the workshop JSON to write")
    imp.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN", help="override the column mapping")
    imp.add_argument("--sheet", help="the sheet to read from an .xlsx (default: the first visible one)")
    imp.add_argument("--into", type=Path, help="an existing workshop file to add the use cases to")
    imp.add_argument("--mode", choices=["replace", "append"], default="append", help="with --into (default append)")
    imp.add_argument("--default-stage", choices=[s.value for s in Stage], default=Stage.IDEA.value)
    return parser


def _load(path: Path) -> Workshop:
    try:
        return read_workshop(path)
    except WorkshopInputError as exc:
        raise _InvalidInput([f"{path}: {line}" for line in exc.problems]) from None
    except OSError as exc:
        raise _InvalidInput([f"{path}: cannot be read ({exc.strerror or exc})"]) from None


class _InvalidInput(Exception):
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


def roadmap_json(roadmap: Roadmap, tracked: Sequence[TrackedPhase]) -> dict[str, Any]:
    """The stable shape other tools rely on (see DESIGN.md and the README's command line section)."""
    return ScheduleOut.model_validate(
        {
            "phases": [tracked_json(row) for row in tracked],
            "milestones": [{"use_case_id": m.use_case_id, "name": m.name, "date": m.date} for m in roadmap.milestones],
            "warnings": list(roadmap.warnings),
            "summary": roadmap.summary,
        }
    ).model_dump(mode="json")


def _table(rows: Sequence[Sequence[str]], headers: Sequence[str], out: TextIO) -> None:
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out.write(line + "\n" + "  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")


def _fmt(day: date | None) -> str:
    return day.strftime("%d %b %Y") if day else "–"


def print_schedule(workshop: Workshop, roadmap: Roadmap, out: TextIO) -> None:
    title = workshop.name + (f" ({workshop.organisation})" if workshop.organisation else "")
    out.write(f"Roadmap: {title}\nStarts {_fmt(workshop.start_date)}\n\n")
    gates = {(m.use_case_id, m.date): m.name for m in roadmap.milestones}
    rows = []
    for p in roadmap.phases:
        weeks = "ongoing" if p.ongoing else f"{p.weeks} wk"
        gate = gates.get((p.use_case_id, p.end), "") if not p.ongoing else ""
        mark = " (set by hand)" if p.overridden else ""
        rows.append([p.use_case, PHASE_LABELS[p.phase] + mark, _fmt(p.start), _fmt(p.end), weeks, gate])
    _table(rows, ["Use case", "Phase", "Start", "End", "Length", "Ends at"], out)
    s = roadmap.summary
    out.write("\nSummary\n")
    out.write(f"  Assessment ends:          {_fmt(s.assessment_end)}\n")
    if s.first_production:
        out.write(
            f"  First use case live:      {_fmt(s.first_production)} ({s.months_to_first_production:.1f} months)\n"
        )
        guidance = "within" if s.within_guidance else "outside"
        out.write(
            f"  All in production:        {_fmt(s.all_in_production)} ({s.total_months:.1f} months, "
            f"{guidance} the usual {GUIDANCE_TEXT})\n"
        )
    out.write(f"  Use cases on the roadmap: {s.scheduled_use_cases}\n")
    if roadmap.warnings:
        out.write("\nWarnings\n")
        for w in roadmap.warnings:
            out.write(f"  - {w}\n")


def print_scores(analysis: Analysis, out: TextIO) -> None:
    workshop, ranking = analysis.workshop, analysis.ranking
    rows = [
        [
            str(s.rank),
            s.name,
            f"{s.impact:.0f}",
            f"{s.feasibility:.0f}",
            f"{s.priority:.1f}",
            QUADRANT_LABELS[s.quadrant],
            f"{sensitivity_label(s.top_n_share)} ({(s.top_n_share or 0):.0%})",
        ]
        for s in ranking
    ]
    _table(
        rows,
        ["#", "Use case", "Impact", "Feasibility", "Priority", "Quadrant", f"In top {workshop.scoring.top_n}"],
        out,
    )


def _export(analysis: Analysis, output: Path, out: TextIO) -> None:
    # plotly, kaleido and openpyxl load only when needed
    from planner.formats.excel import build_workbook, roadmap_csv
    from planner.rendering.export import ImageExportUnavailable, figure_to_html, figure_to_slide
    from planner.rendering.gantt import plan_gantt_figure

    workshop = analysis.workshop
    suffix = output.suffix.lower()
    if suffix == ".xlsx":
        data = build_workbook(analysis)
    elif suffix == ".html":
        figure = plan_gantt_figure(analysis.workshop, analysis.roadmap, today=analysis.today)
        data = figure_to_html(figure, title=f"{workshop.name}: roadmap").encode()
    elif suffix in (".png", ".pdf"):
        figure = plan_gantt_figure(analysis.workshop, analysis.roadmap, today=analysis.today)
        try:
            data = figure_to_slide(figure, title=f"{workshop.name}: roadmap", image_format=suffix[1:])
        except ImageExportUnavailable as exc:
            raise _InvalidInput([f"{output}: {exc}"]) from None
    elif suffix == ".csv":
        data = roadmap_csv(analysis)
    elif suffix == ".json":
        data = dump_workshop(workshop).encode()
    else:
        raise _InvalidInput([f"{output}: choose an output ending in .xlsx, .html, .png, .pdf, .csv or .json"])
    _write(output, data)
    out.write(f"Wrote {output} ({len(data) / 1024:.0f} KB)\n")


def _write(output: Path, data: bytes) -> None:
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise _InvalidInput([f"{output}: cannot be written ({exc.strerror or exc})"]) from None


def _import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _InvalidInput([f"{path}: cannot be read ({exc.strerror or exc})"]) from None
    try:
        if is_own_workbook(path.name, data) and not args.map:
            workshop, changes = read_own_workbook(path.name, data)
            for change in changes:
                out.write(f"{change}\n")
        else:
            base = _load(args.into) if args.into else Workshop(name=path.stem[:200] or "Imported workshop")
            table = read_table(path.name, data, sheet=args.sheet)
            mapping = suggest_mapping(table.headers, base.criteria)
            for item in args.map:
                field, _, column = item.partition("=")
                if field not in mappable_fields(base.criteria):
                    raise _InvalidInput(
                        [
                            f"--map {item}: '{field}' is not a field; choose from "
                            f"{', '.join(mappable_fields(base.criteria))}"
                        ]
                    )
                if column not in table.headers:
                    raise _InvalidInput(
                        [f"--map {item}: the file has no column '{column}'; columns: {', '.join(table.headers)}"]
                    )
                mapping[field] = column
            result = rows_to_use_cases(
                table,
                mapping,
                criteria=base.criteria,
                default_stage=Stage(args.default_stage),
                existing_ids=[uc.id for uc in base.use_cases] if args.mode == "append" else [],
            )
            for note in table.notes:
                err.write(f"{path}: {note}\n")
            for problem in result.problems:
                err.write(f"{path}: {problem.message()}\n")
            if not result.use_cases:
                err.write(f"{path}: no use case could be imported\n")
                return EXIT_INVALID
            workshop = apply_import(base, result.use_cases, mode=args.mode if args.into else "replace")
            out.write(f"{import_summary(result)}\n")
    except WorkshopInputError as exc:
        raise _InvalidInput(
            [line if line.startswith(path.name) else f"{path}: {line}" for line in exc.problems]
        ) from None
    args.output.write_text(dump_workshop(workshop), encoding="utf-8")
    out.write(f"Wrote {args.output} ({len(workshop.use_cases)} use cases)\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        with contextlib.redirect_stderr(err):  # usage errors go where the caller reads the others
            args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "schema":
            shape = workshop_schema() if args.of == "workshop" else SHAPES[args.of].model_json_schema()
            out.write(json.dumps(shape, indent=2) + "\n")
            return EXIT_OK
        if args.command == "import":
            return _import(args, out, err)
        workshop = _load(args.file)
        if args.command == "validate":
            out.write(f"{args.file}: valid ({len(workshop.use_cases)} use cases)\n")
            return EXIT_OK
        analysis = analyse(workshop, today=date.today(), as_of=getattr(args, "as_of", None))
        if args.command == "score":
            if args.json:
                scores = [analysis.explained(s).model_dump(mode="json") for s in analysis.ranking]
                out.write(json.dumps(scores, indent=2) + "\n")
            else:
                print_scores(analysis, out)
        elif args.command == "export":
            _export(analysis, args.output, out)
        elif args.command == "schedule":
            if args.json:
                out.write(json.dumps(roadmap_json(analysis.roadmap, analysis.tracked), indent=2) + "\n")
            else:
                print_schedule(workshop, analysis.roadmap, out)
        elif args.command == "finance":
            if args.json:
                out.write(json.dumps(finance_json(analysis.finance), indent=2) + "\n")
            else:
                print_finance(analysis.finance, out, _table)
        elif args.command == "baseline":
            taken = analysis.as_of or analysis.today
            changed = add_baseline(workshop, analysis.roadmap, name=args.name, taken=taken)
            target = args.output or args.file
            _write(target, dump_workshop(changed).encode())
            out.write(
                f"Baseline '{args.name.strip()}' taken on {_fmt(taken)}: {len(analysis.roadmap.phases)} phases, "
                f"{len(changed.baselines)} baselines in {target}\n"
            )
        elif args.command == "status":
            if args.baseline and workshop.baseline(args.baseline) is None:
                known = ", ".join(f"{b.id} ({b.name})" for b in workshop.baselines) or "none yet"
                raise _InvalidInput([f"--baseline {args.baseline}: no baseline has this id; baselines: {known}"])
            as_of = analysis.as_of or analysis.today
            report = status_report(
                workshop, analysis.roadmap, as_of=as_of, baseline_id=args.baseline, tracked=analysis.tracked
            )
            if args.json:
                out.write(json.dumps(status_json(report), indent=2) + "\n")
            else:
                print_status(workshop, report, out)
    except WorkshopInputError as exc:
        for line in exc.problems:
            err.write(f"{args.file}: {line}\n")
        return EXIT_INVALID
    except _InvalidInput as exc:
        for line in exc.lines:
            err.write(line + "\n")
        return EXIT_INVALID
    return EXIT_OK
