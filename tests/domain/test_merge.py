"""Two tabs changing one workshop: the three-way merge that keeps both edits, and names what clashed."""

from planner.domain.merge import describe, merge_workshops
from planner.domain.vocabulary import Stage
from tests.builders import use_case, workshop


def _base():
    return workshop(use_case("a", name="Alpha"), use_case("b", name="Beta"), name="Plan", organisation="Acme")


def test_changes_to_different_fields_are_both_kept():
    base = _base()
    mine = base.model_copy(update={"name": "Renamed here"})
    theirs = base.model_copy(update={"organisation": "Renamed there"})
    result = merge_workshops(base, mine, theirs)
    assert result is not None and result.clashes == []
    assert (result.workshop.name, result.workshop.organisation) == ("Renamed here", "Renamed there")


def test_edits_to_different_use_cases_are_both_kept():
    base = _base()
    a, b = base.use_cases
    mine = base.model_copy(update={"use_cases": [a.model_copy(update={"stage": Stage.PILOT}), b]})
    theirs = base.model_copy(update={"use_cases": [a, b.model_copy(update={"name": "Beta 2"})]})
    result = merge_workshops(base, mine, theirs)
    assert result is not None and result.clashes == []
    assert [(uc.id, uc.name, uc.stage) for uc in result.workshop.use_cases] == [
        ("a", "Alpha", Stage.PILOT),
        ("b", "Beta 2", Stage.IDEA),
    ]


def test_use_cases_added_on_both_sides_are_all_kept_and_a_removal_holds():
    base = _base()
    mine = base.model_copy(update={"use_cases": [*base.use_cases, use_case("c", name="Gamma")]})
    theirs = base.model_copy(update={"use_cases": [base.use_cases[1], use_case("d", name="Delta")]})
    result = merge_workshops(base, mine, theirs)
    assert result is not None
    assert [uc.id for uc in result.workshop.use_cases] == ["b", "d", "c"]


def test_the_same_field_changed_twice_keeps_this_tabs_value_and_names_the_clash():
    base = _base()
    mine = base.model_copy(update={"organisation": "Mine Ltd"})
    theirs = base.model_copy(update={"organisation": "Theirs plc"})
    result = merge_workshops(base, mine, theirs)
    assert result is not None and result.workshop.organisation == "Mine Ltd"
    assert [(describe(c), c.mine, c.theirs) for c in result.clashes] == [("the organisation", "Mine Ltd", "Theirs plc")]


def test_a_clash_inside_a_use_case_is_named_by_the_use_case():
    base = _base()
    a, b = base.use_cases
    mine = base.model_copy(update={"use_cases": [a.model_copy(update={"stage": Stage.PILOT}), b]})
    theirs = base.model_copy(update={"use_cases": [a.model_copy(update={"stage": Stage.RETIRED}), b]})
    result = merge_workshops(base, mine, theirs)
    assert result is not None
    assert [describe(c) for c in result.clashes] == ['use case "Alpha": stage']


def test_a_form_that_resends_every_field_does_not_undo_the_other_tabs_change():
    """The settings form sends all fields; the ones this tab did not touch still hold the old values."""
    base = _base()
    theirs = base.model_copy(update={"organisation": "Changed elsewhere"})
    mine = theirs.model_copy(update={"name": "New name", "organisation": base.organisation})
    result = merge_workshops(base, mine, theirs)
    assert result is not None and result.clashes == []
    assert (result.workshop.name, result.workshop.organisation) == ("New name", "Changed elsewhere")


def test_changes_that_cannot_live_together_are_refused():
    base = _base()
    mine = base.model_copy(
        update={"use_cases": [base.use_cases[0], base.use_cases[1].model_copy(update={"depends_on": ["a"]})]}
    )
    theirs = base.model_copy(update={"use_cases": [base.use_cases[1]]})  # removed "a"
    assert merge_workshops(base, mine, theirs) is None
