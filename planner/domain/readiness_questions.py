"""The readiness questionnaire: six dimensions, their questions, and what each 1–5 maturity level looks like.

Plain content, checked when it is imported; planner.domain.readiness scores the answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

LEVELS = (1, 2, 3, 4, 5)
MAX_LABEL_LENGTH = 90


@dataclass(frozen=True)
class Level:
    """One answer option: its value (1–5) and what it looks like in practice."""

    value: int
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    dimension: str
    text: str
    help: str
    levels: tuple[str, str, str, str, str]

    def __post_init__(self) -> None:
        # Content mistakes should fail at import, not as a half-drawn radio button on a participant's phone.
        if len(self.levels) != len(LEVELS) or len(set(self.levels)) != len(LEVELS) or not all(self.levels):
            raise ValueError(f"question '{self.id}' needs five distinct, non-empty level labels")
        if any(len(label) >= MAX_LABEL_LENGTH for label in self.levels):
            raise ValueError(f"question '{self.id}' has a level label too long for a phone screen")

    @property
    def options(self) -> tuple[Level, ...]:
        return tuple(Level(value=value, label=label) for value, label in zip(LEVELS, self.levels, strict=True))


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    description: str
    action: str
    effect: str
    questions: tuple[Question, ...]

    def __post_init__(self) -> None:
        for question in self.questions:
            if question.dimension != self.id:
                raise ValueError(f"question '{question.id}' sits under '{self.id}' but names '{question.dimension}'")


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        id="technology",
        label="Technology & infrastructure",
        description="Where AI systems would run, how they plug into core systems, and how they are watched.",
        action=(
            "During assessment, list the environments, compute and system interfaces each shortlisted pilot needs, "
            "then name an owner and a budget for closing each gap before anything has to scale."
        ),
        effect="Weak technology stretches every scaling phase and flags an infrastructure risk for the organisation.",
        questions=(
            Question(
                id="tech_infrastructure",
                dimension="technology",
                text="How ready are the environments an AI system would run in?",
                help="Servers or cloud accounts, and separate places to develop, test and run.",
                levels=(
                    "Laptops and shared drives; no managed environments",
                    "Some server or cloud capacity, set up by hand per project",
                    "Standard development and test set-ups; production is built by hand",
                    "Separate development, test and production, built from scripts",
                    "Self-service, automated environments that grow with demand",
                ),
            ),
            Question(
                id="tech_compute",
                dimension="technology",
                text="Can teams get the computing power that training and serving models need?",
                help="GPUs or cloud budget, and how long it takes to obtain them.",
                levels=(
                    "No extra compute available; requests go unanswered",
                    "Compute can be borrowed now and then after a long approval",
                    "A shared pool exists but queues are long when it is busy",
                    "A standard request process delivers compute within days",
                    "Self-service compute with a budget and quota per team",
                ),
            ),
            Question(
                id="tech_integration",
                dimension="technology",
                text="How easily can a new component connect to your core business systems?",
                help="APIs or event feeds into CRM, ERP and the other systems of record.",
                levels=(
                    "No APIs; data moves by exported files and email",
                    "A few point-to-point links, each maintained by hand",
                    "APIs exist for some core systems, documented unevenly",
                    "Most core systems offer documented APIs and a test copy",
                    "A managed integration layer with versioned, tested APIs",
                ),
            ),
            Question(
                id="tech_monitoring",
                dimension="technology",
                text="How well are systems watched once they are live?",
                help="Logs, dashboards, alerts, and who receives them.",
                levels=(
                    "We hear about outages from users",
                    "Basic server checks; logs are kept but rarely read",
                    "Dashboards and alerts for key systems, owned by IT",
                    "Central logging, alerting and on-call for all live systems",
                    "End-to-end monitoring, model accuracy and business effect included",
                ),
            ),
        ),
    ),
    Dimension(
        id="data",
        label="Data",
        description="What data exists, how good it is, who can reach it and who answers for it.",
        action=(
            "During assessment, inventory the datasets each shortlisted use case needs, name an owner for each, "
            "check quality on a real sample and agree how a pilot team will get access."
        ),
        effect="Weak data lengthens assessment and flags a data risk on every pilot.",
        questions=(
            Question(
                id="data_inventory",
                dimension="data",
                text="Do you know what data you hold and where it lives?",
                help="An inventory or catalogue of datasets with their source systems and owners.",
                levels=(
                    "No shared data catalogue; teams ask around",
                    "A few departments keep spreadsheets of their key datasets",
                    "A central inventory covers the main systems but drifts out of date",
                    "A maintained catalogue describes most datasets and their owners",
                    "Catalogued, owned and searchable by anyone who needs it",
                ),
            ),
            Question(
                id="data_quality",
                dimension="data",
                text="How trustworthy is the data behind the ideas on the table?",
                help="Completeness, accuracy and duplicates, and whether anyone measures them.",
                levels=(
                    "Quality unknown; gaps and duplicates are common",
                    "Errors are fixed by hand when someone happens to notice",
                    "Key datasets are cleaned regularly, but quality is not measured",
                    "Automatic checks on key datasets; owners fix what they flag",
                    "Quality is measured and reported against agreed targets",
                ),
            ),
            Question(
                id="data_access",
                dimension="data",
                text="How quickly can a project team start working with the data it needs?",
                help="Time from asking for a dataset to using it safely.",
                levels=(
                    "Access takes months or is refused; data stays in silos",
                    "One-off extracts after long negotiation",
                    "A standard request process; access within a few weeks",
                    "Approved users query a shared platform within days",
                    "Self-service access with controls built in, granted in hours",
                ),
            ),
            Question(
                id="data_ownership",
                dimension="data",
                text="Is it clear who is responsible for each important dataset?",
                help="Owners or stewards who decide on access, definitions and fixes.",
                levels=(
                    "Nobody; each team defines the same data differently",
                    "Informal owners for a few datasets, known by word of mouth",
                    "Named owners for key datasets, with vague part-time duties",
                    "Owners and stewards with agreed duties and shared definitions",
                    "Ownership and definitions are enforced and reviewed regularly",
                ),
            ),
        ),
    ),
    Dimension(
        id="people",
        label="People & skills",
        description="The skills to build and run AI, defined roles, and a plan for the gaps.",
        action=(
            "During assessment, list the roles each pilot needs to build, own and run it, name who fills them, "
            "and decide what to train, hire or buy from a partner who will hand the knowledge over."
        ),
        effect="Weak skills flag an operations risk on every use case in pilot or scaling.",
        questions=(
            Question(
                id="people_skills",
                dimension="people",
                text="Do you have the skills to build and run AI systems?",
                help="Data science, machine-learning and data engineering, and product ownership.",
                levels=(
                    "No in-house data or machine-learning skills",
                    "One or two enthusiasts, working on AI beside their day job",
                    "A small team that builds pilots but needs partners for production",
                    "Teams cover data science, ML and data engineering for most needs",
                    "Deep skills across the whole AI lifecycle, shared between teams",
                ),
            ),
            Question(
                id="people_roles",
                dimension="people",
                text="Are responsibilities for AI work defined?",
                help="Who builds, who owns the product, who runs it, who reviews risk and ethics.",
                levels=(
                    "No AI roles; the work happens on the side",
                    "Roles are improvised afresh for each project",
                    "Core roles are defined but not staffed everywhere",
                    "Roles from build to operations are defined and staffed",
                    "Roles, hand-overs and career paths are clear across departments",
                ),
            ),
            Question(
                id="people_training",
                dimension="people",
                text="How do you close skill gaps?",
                help="Training, hiring, and partners who transfer what they know.",
                levels=(
                    "No plan for training or hiring",
                    "Occasional courses, chosen by individuals",
                    "A training budget and some targeted hiring",
                    "A skills plan per role; partners hand knowledge over",
                    "Ongoing learning, including AI basics for business users",
                ),
            ),
        ),
    ),
    Dimension(
        id="strategy",
        label="Strategy & sponsorship",
        description="Links to business objectives, a senior sponsor, money beyond the first pilot, and KPIs.",
        action=(
            "During assessment, have a senior sponsor approve the shortlist, tie each use case to a business "
            "objective, and agree KPIs with a baseline and target before any pilot starts."
        ),
        effect="Weak strategy or sponsorship flags an organisation-wide stakeholder risk.",
        questions=(
            Question(
                id="strategy_objectives",
                dimension="strategy",
                text="Are AI ideas tied to business objectives?",
                help="Cost reduction, revenue growth, customer experience or efficiency, with a number.",
                levels=(
                    "Ideas come from curiosity or vendor pitches",
                    "Ideas cite goals like 'efficiency' with no numbers",
                    "Most ideas link to an objective; value is rarely estimated",
                    "Each use case names an objective and an estimated value",
                    "A ranked AI portfolio is part of the business strategy",
                ),
            ),
            Question(
                id="strategy_sponsorship",
                dimension="strategy",
                text="Does a senior leader visibly back AI work?",
                help="Someone senior who secures resources and clears obstacles.",
                levels=(
                    "No senior sponsor",
                    "Leaders are interested but have committed nothing",
                    "A named sponsor who joins some reviews",
                    "An active sponsor who secures budget and settles conflicts",
                    "The leadership team champions AI and reviews progress often",
                ),
            ),
            Question(
                id="strategy_budget",
                dimension="strategy",
                text="Is money set aside for AI beyond the first pilot?",
                help="Funding for pilots, for scaling, and for running costs afterwards.",
                levels=(
                    "No budget; every idea must find its own money",
                    "Money for one pilot at a time, decided case by case",
                    "A yearly pilot budget, nothing for scaling or running costs",
                    "Funding covers pilots and scaling for chosen use cases",
                    "Multi-year funding for build, scale and run, tied to results",
                ),
            ),
            Question(
                id="strategy_kpis",
                dimension="strategy",
                text="Do you decide how success will be measured before work starts?",
                help="KPIs with a baseline and a target, agreed before a pilot begins.",
                levels=(
                    "Success is never defined",
                    "Goals are stated without a baseline or target",
                    "Some projects get KPIs, often after they have started",
                    "Every pilot has KPIs with baseline and target agreed up front",
                    "KPIs are tracked from baseline to production and reported upward",
                ),
            ),
        ),
    ),
    Dimension(
        id="governance",
        label="Governance & security",
        description="Rules for using AI, security, regulation, and how models are versioned and approved.",
        action=(
            "During assessment, agree a short AI use policy, an approval step for new use cases, and who reviews "
            "security and compliance before any pilot touches real data."
        ),
        effect="Weak governance flags an organisation-wide governance risk.",
        questions=(
            Question(
                id="gov_policy",
                dimension="governance",
                text="Is there an agreed policy on how AI may be used?",
                help="Acceptable use, ethics, human oversight, and who approves new uses.",
                levels=(
                    "No AI policy; use is unmanaged",
                    "Informal guidance, such as an email about public chatbots",
                    "A written policy that is applied unevenly",
                    "A policy with an approval step for each new use case",
                    "Policy, ethics review and approvals are routine and audited",
                ),
            ),
            Question(
                id="gov_security",
                dimension="governance",
                text="How well are data pipelines and AI systems protected?",
                help="Access control, encryption, security testing and incident response.",
                levels=(
                    "Security is not considered in AI work",
                    "Security is checked at the end, if at all",
                    "Standard IT controls apply; AI-specific threats are not covered",
                    "Access control, encryption and incident response designed in",
                    "Tested against attacks on models, with a rehearsed incident plan",
                ),
            ),
            Question(
                id="gov_compliance",
                dimension="governance",
                text="Do you know which regulations apply to your AI use cases?",
                help="Privacy law, sector rules and AI regulation, and who checks them.",
                levels=(
                    "Nobody knows which rules apply",
                    "Legal is asked late, case by case",
                    "The main rules are known; checks are manual and uneven",
                    "A compliance review before each pilot and each go-live",
                    "Compliance is designed in and evidenced for audits",
                ),
            ),
            Question(
                id="gov_model_management",
                dimension="governance",
                text="How are models versioned, approved and updated?",
                help="Version control for code, data and models, approvals, and how changes go live.",
                levels=(
                    "Models live in notebooks on personal machines",
                    "Code is under version control; models and data are not",
                    "Models are versioned; releases are manual and undocumented",
                    "A model registry with approvals, versions and rollback",
                    "Automated release pipeline with approval and audit trail per model",
                ),
            ),
        ),
    ),
    Dimension(
        id="culture",
        label="Culture & change",
        description="Openness to data-driven decisions, how change is handled, and work across teams.",
        action=(
            "During assessment, bring end users into scoring and pilot design, name a change lead, "
            "and plan how people will be told, trained and heard."
        ),
        effect="Weak culture flags an organisation-wide stakeholder risk, alongside strategy.",
        questions=(
            Question(
                id="culture_openness",
                dimension="culture",
                text="How open are people to decisions supported by data and AI?",
                help="Whether teams trust data and use it in everyday decisions.",
                levels=(
                    "Habit and seniority decide; AI is distrusted",
                    "Data is used to justify decisions already made",
                    "Some departments use data in their key decisions",
                    "Most teams expect data in decisions and try AI tools willingly",
                    "Data-led decisions are normal; staff propose AI ideas themselves",
                ),
            ),
            Question(
                id="culture_change",
                dimension="culture",
                text="How well does the organisation take on new ways of working?",
                help="Change management, communication and support when processes change.",
                levels=(
                    "Changes are announced, then resisted",
                    "Change depends on a few individual champions",
                    "Projects include some communication and training",
                    "Most projects follow a change-management approach",
                    "Change is planned with users from day one and adoption is measured",
                ),
            ),
            Question(
                id="culture_collaboration",
                dimension="culture",
                text="How well do business, IT and data teams work together?",
                help="Joint teams, shared goals and regular contact between departments.",
                levels=(
                    "Silos; work is thrown over the wall",
                    "Collaboration depends on personal contacts",
                    "Joint project meetings, but separate goals",
                    "Cross-functional teams with domain experts on each project",
                    "Mixed teams with shared goals are the normal way of working",
                ),
            ),
        ),
    ),
)

_DIMENSIONS_BY_ID: Mapping[str, Dimension] = MappingProxyType({d.id: d for d in DIMENSIONS})
_QUESTIONS_BY_ID: Mapping[str, Question] = MappingProxyType({q.id: q for d in DIMENSIONS for q in d.questions})


def questions() -> tuple[Question, ...]:
    """Every question, dimension by dimension, in the order they are asked."""
    return tuple(q for d in DIMENSIONS for q in d.questions)


def dimension(dimension_id: str) -> Dimension:
    return _DIMENSIONS_BY_ID[dimension_id]


def question(question_id: str) -> Question:
    return _QUESTIONS_BY_ID[question_id]


def question_or_none(question_id: str) -> Question | None:
    """None for an id this questionnaire does not have (files saved with an older one)."""
    return _QUESTIONS_BY_ID.get(question_id)


def level_label(question_id: str, level: int) -> str:
    """The plain-language label of one answer; KeyError for an unknown question, ValueError for a bad level."""
    q = _QUESTIONS_BY_ID[question_id]
    if level not in LEVELS:
        raise ValueError(f"'{q.text}' ({question_id}) has levels 1 to 5, not {level!r}")
    return q.levels[level - 1]
