"""The report's lead for founders: grouped findings, the first moves, the 90-day plan, plain words."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from openpyxl import load_workbook

from advisor.app.action_plan import PLAN_ACTIONS, plan, plan_csv, plan_xlsx
from advisor.app.draft import Draft, set_plan
from advisor.reporting.lead import grouped, headline, plain, source_words
from tests.cases import report


def test_a_finding_about_several_business_models_is_one_group():
    r = report("seamless-2012-models")
    groups = grouped(r.findings)
    assert len(groups) == len({f.rule_id for f in r.findings}) < len(r.findings)
    several = next(g for g in groups if len(g.findings) > 1)
    assert len(several.where) >= 1 and all(several.where)


def test_the_first_screen_has_a_few_problems_each_with_a_move_and_the_strengths():
    problems, strengths = headline(report("kitchen-sink"))
    assert 0 < len(problems) <= 3 and all(g.lead.kind == "problem" and g.moves for g in problems)
    assert len({g.lead.rule_id for g in problems}) == len(problems)  # never the same finding twice
    _, strengths = headline(report("seamless-2005"))
    assert strengths and all(g.lead.kind == "strength" for g in strengths)


def test_the_plan_takes_one_move_per_problem_and_keeps_what_the_founder_wrote():
    r = report("kitchen-sink")
    first = plan(r, {})
    assert 0 < len(first) <= PLAN_ACTIONS
    assert len({a.move_id for a in first}) == len(first)
    draft = set_plan(Draft(), first[0].move_id, owner="Åsa Öberg", due="2027-02-01")
    draft = set_plan(draft, first[0].move_id, done=True)  # one field at a time, the others kept
    saved = Draft.model_validate_json(draft.model_dump_json())  # as the store keeps it
    again = plan(r, saved.plan)
    assert again[0].entry.owner == "Åsa Öberg" and again[0].entry.due == dt.date(2027, 2, 1)
    assert again[0].entry.done


def test_the_plan_exports_as_csv_and_xlsx_with_every_character():
    r = report("kitchen-sink")
    actions = plan(r, set_plan(Draft(), plan(r, {})[0].move_id, owner="张伟", due="2027-01-15").plan)
    rows = list(csv.reader(io.StringIO(plan_csv(actions).decode("utf-8-sig"))))
    assert rows[0] == ["Done", "Action", "Because", "Owner", "Due"]
    assert rows[1][3:] == ["张伟", "2027-01-15"] and len(rows) == len(actions) + 1
    sheet = load_workbook(io.BytesIO(plan_xlsx(actions, "Kitchen Sink Ltd"))).active
    assert sheet["D3"].value == "张伟" and sheet["B3"].value == actions[0].text
    assert sheet.max_row == len(actions) + 2


def test_the_papers_codes_become_plain_words():
    assert plain("R1 and R2 stopped in phase 1 for exactly this.") == (
        "Two deals in the study stopped in phase 1 for exactly this."
    )
    assert (
        plain("as the two successful relationships (R5, R6) did.")
        == "As the two successful relationships did."
    )
    assert plain("R4's customer: 'not ready'") == "One studied deal's customer: 'not ready'"
    assert plain("the balance P4 asks for") == "The balance the research asks for"
    assert plain("Keep 3 R&D people") == "Keep 3 R&D people"  # only the codes, nothing else


def test_sources_read_without_the_papers_codes():
    cited = {
        source_words(s)
        for name in ("seamless-2005", "kitchen-sink", "s20-r4")
        for f in report(name).findings
        for s in (f.citation, *(m.source for m in f.moves if m.source))
    }
    assert "Johansson & Abrahamsson 2014" in cited
    assert not [w for w in cited if re.search(r"\b[PR][1-6]\b|\(context", w)]
    practice = next(w for w in cited if w.startswith("Advisors' practice"))
    assert practice.count("(") == practice.count(")")  # "(background: ...)", never cut open
