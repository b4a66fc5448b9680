"""Comparisons the report page shows, computed without Streamlit."""

from __future__ import annotations

from advisor.core.findings import FindingChange, diff_findings
from advisor.reporting.report import Finding, Report


def compare_findings(before: Report, after: Report) -> list[FindingChange[Finding]]:
    """Findings that appear, are resolved or change severity or confidence between two reports
    of one firm (those that stay as they were are left out)."""
    return [c for c in diff_findings(before.findings, after.findings) if c.change != "stayed"]
