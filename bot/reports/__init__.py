"""Reports: the cycle PDF, the CSV data file and the audit pack.

`render(report, fmt)` turns a `ReportData` into a file; `build_report` gathers
the data through the store. Rendering is synchronous and pure, so doors can
run it in a worker thread.
"""

from __future__ import annotations

from bot.reports.data import FORMATS, ReportData, build_report
from bot.reports.render import render

__all__ = ["FORMATS", "ReportData", "build_report", "render"]
