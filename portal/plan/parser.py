"""Plan parser: the text of a Party plan (kế hoạch) -> purposes, areas, tasks, targets and assignments."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from portal.plan.suggest import TaskIndex
from portal.text import fold, normalize
from portal.text.dates import parse_vn_date
from portal.text.numbers import parse_number
from portal.text.quantities import QuantityError, parse_quantity

ROMAN = re.compile(r"^(I{1,3}|IV|VI{0,3}|IX|X)\.\s+(.+)$")
ARABIC = re.compile(r"^(\d{1,2})\.\s+(.+)$")
BULLET = re.compile(r"^(?:(?P<plus>-\s*\+|\+)|(?P<dash>[-–•]))\s*(?P<body>.*)$")
PAGE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$")
TERMINAL = ".;:!?"
END_OF_BODY = ("tren day la", "tren day", "noi nhan")
TARGET_INTRO = re.compile(r"^phan dau\b")
YEAR = re.compile(r"\bnăm (\d{4})\b", re.IGNORECASE)
PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
COUNT = re.compile(
    r"\b(\d+(?:[.,]\d+)?)\s+(buổi|lớp|ngày|giờ|người|lượt|hồ sơ|văn bản|cuộc|lần|đợt|tháng|thủ tục|đơn vị|chi bộ)\b",
    re.IGNORECASE,
)
COMPARATORS = ("không ít hơn", "không dưới", "không quá", "tối thiểu", "ít nhất", "tối đa", "trên", "dưới")
TIMING = re.compile(
    r"định kỳ(?: hằng (?:tháng|quý|năm)| \d+ tháng(?:, (?:hằng )?năm)?)?|hằng (?:ngày|tuần|tháng|quý|năm)"
    r"|thường xuyên|kịp thời|(?:đến|trước) (?:hết )?năm \d{4}|trong (?:quý [IV]+/\d{4}|tháng \d{1,2}/\d{4}|năm \d{4})"
    r"|trước ngày \d{1,2}/\d{1,2}(?:/\d{4})?",
    re.IGNORECASE,
)
PRODUCTS = (
    "văn bản quy phạm pháp luật",
    "bản mô tả vị trí việc làm",
    "bản mô tả công việc",
    "danh mục",
    "khung năng lực",
    "Khung kiến trúc chính quyền số",
    "nền tảng dữ liệu",
    "nền tảng số",
    "cơ sở dữ liệu",
    "trợ lý ảo",
    "quy chế",
    "hệ thống đánh giá hiệu suất công việc",
    "dịch vụ công trực tuyến toàn trình",
    "đề án",
    "phương án",
    "hồ sơ điện tử",
    "báo cáo kết quả",
)


@dataclass
class TaskHints:
    """The "6 rõ" the plan text itself states for a task (timing, products, who leads, supports, approves, inspects)."""

    timing: list[str] = field(default_factory=list)
    deadline: str | None = None
    products: list[str] = field(default_factory=list)
    lead: str | None = None
    support: list[str] = field(default_factory=list)
    approver: str | None = None
    inspector: str | None = None
    targets: list[str] = field(default_factory=list)


@dataclass
class Task:
    """One task (a "-" bullet) of an area; `items` are its "+" sub-bullets, also joined into `text`."""

    code: str
    text: str
    items: list[str] = field(default_factory=list)
    hints: TaskHints = field(default_factory=TaskHints)


@dataclass
class Target:
    """One measurable (or qualitative) target under "Phấn đấu đến năm ...:"."""

    code: str
    text: str
    value: float | None = None
    unit: str | None = None
    year: int | None = None
    qualitative: bool = True
    comparator: str | None = None


@dataclass
class Area:
    """A task area of section II ("1. Lãnh đạo cải cách thể chế")."""

    code: str
    number: int
    title: str
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


@dataclass
class Assignment:
    """One item of section III: who is given what ("2. Giao bộ phận giúp việc của Đảng ủy: ...")."""

    code: str
    unit_name: str
    unit_kind: str
    items: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The assignment's items joined as one text."""
        return "\n".join(self.items)


@dataclass
class ParsedPlan:
    """Everything parse_plan reads from a plan."""

    title: str | None = None
    number: str | None = None
    number_pattern: str | None = None
    is_draft: bool = False
    issued_on: str | None = None
    issued_year: int | None = None
    issued_month: int | None = None
    purposes: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    approver: str | None = None

    def task_pairs(self) -> list[tuple[str, str]]:
        """All (code, text) pairs of tasks and targets, in plan order: the input of suggest_tasks."""
        return [(item.code, item.text) for area in self.areas for item in [*area.tasks, *area.targets]]

    def to_dict(self) -> dict:
        """The `flask plan import --json` shape (docs/INTERFACES.md) minus plan_id/document_id, plus extra keys."""
        data = asdict(self)
        data["assignments"] = [
            {"code": a.code, "unit": a.unit_name, "unit_kind": a.unit_kind, "text": a.text, "items": a.items}
            for a in self.assignments
        ]
        return data


def parse_plan(text: str) -> ParsedPlan:
    """Parse a plan's text into a ParsedPlan."""
    lines = logical_lines(text)
    plan = ParsedPlan()
    body_start = next((i for i, line in enumerate(lines) if ROMAN.match(line)), len(lines))
    _read_head(plan, lines[:body_start])
    _Walker(plan).run(lines[body_start:])
    _fill_hints(plan, lines[body_start:])
    return plan


def logical_lines(text: str) -> list[str]:
    """Non-blank cleaned lines, with paragraphs broken across blank lines or page breaks joined back."""
    out: list[str] = []
    for raw in text.replace("\f", "\n").splitlines():
        line = clean_line(raw)
        if not line or PAGE_NUMBER.match(line):
            continue
        if out and _continues(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def clean_line(raw: str) -> str:
    """One line normalised, without Markdown quote/bold marks around it."""
    line = normalize(raw).strip()
    line = re.sub(r"^(?:>\s*)+", "", line)
    return line.replace("**", "").strip()


def _continues(previous: str, line: str) -> bool:
    """Whether `line` continues `previous` (no terminal punctuation before, a lowercase start, not a bullet)."""
    return previous[-1] not in TERMINAL and line[0].islower() and not BULLET.match(line)


def _read_head(plan: ParsedPlan, head: list[str]) -> None:
    """Number, draft flag, date and title from the lines above section I."""
    for line in head:
        if plan.number_pattern is None and re.match(r"^Số\b", line):
            _read_number(plan, line)
        elif plan.issued_year is None and re.search(r"\bngày\b.*\bnăm\s+\d{4}", line):
            _read_date(plan, line)
        elif plan.title is None and fold(line).startswith("ke hoach ") and not parse_number(line):
            plan.title = sentence_start(line[len("KẾ HOẠCH") :].strip())


def _read_number(plan: ParsedPlan, line: str) -> None:
    """The plan's số/ký hiệu; a draft "Số - KH/ĐU" keeps only the pattern ("KH/ĐU")."""
    parsed = parse_number(line)
    if parsed is None:
        return
    plan.is_draft = parsed.is_draft
    plan.number = None if parsed.is_draft else parsed.number
    plan.number_pattern = parsed.number.lstrip("-/ ") if parsed.is_draft else None


def _read_date(plan: ParsedPlan, line: str) -> None:
    """The place-and-date line ("Lào Cai, ngày tháng 5 năm 2026")."""
    parsed = parse_vn_date(line)
    if parsed is None:
        return
    plan.issued_year, plan.issued_month = parsed.year, parsed.month
    day = parsed.as_date()
    plan.issued_on = day.isoformat() if day and parsed.day else None


def sentence_start(text: str) -> str:
    """The text with its first letter in upper case."""
    return text[:1].upper() + text[1:] if text else text


class _Walker:
    """Walks the body lines once, filling the plan section by section."""

    def __init__(self, plan: ParsedPlan):
        """Start before section I."""
        self.plan = plan
        self.section = ""
        self.roman = ""
        self.aims: list[str] = plan.purposes
        self.area: Area | None = None
        self.target_year: int | None = None
        self.assignment: Assignment | None = None

    def run(self, lines: list[str]) -> None:
        """Feed every line until the closing paragraph or the recipients."""
        for line in lines:
            if fold(line).startswith(END_OF_BODY):
                break
            self.feed(line)

    def feed(self, line: str) -> None:
        """Dispatch one line to the heading or section handler."""
        roman, arabic = ROMAN.match(line), ARABIC.match(line)
        if roman:
            self.roman, self.section = roman.group(1), _section_role(roman.group(2))
        elif arabic and self.section:
            self.heading(int(arabic.group(1)), arabic.group(2))
        elif self.section == "aims":
            self.aims.append(_bullet(line)[1])
        elif self.section == "tasks" and self.area:
            self.area_line(line)
        elif self.section == "org" and self.assignment:
            self.assignment.items.append(_bullet(line)[1])

    def heading(self, number: int, text: str) -> None:
        """A numbered heading: a purpose/requirement block, an area or an assignment."""
        code = f"{self.roman}.{number}"
        if self.section == "aims":
            self.aims = self.plan.requirements if "yeu cau" in fold(text) else self.plan.purposes
        elif self.section == "tasks":
            self.area, self.target_year = Area(code=code, number=number, title=text.rstrip(".:")), None
            self.plan.areas.append(self.area)
        elif self.section == "org":
            self.assignment = _assignment(code, text)
            self.plan.assignments.append(self.assignment)

    def area_line(self, line: str) -> None:
        """A line inside an area: a task, a "+" sub-item, the "Phấn đấu" intro or a target."""
        kind, body = _bullet(line)
        area = self.area
        if TARGET_INTRO.match(fold(body)):
            self.start_targets(body)
        elif self.target_year is not None:
            area.targets.append(parse_target(f"{area.code}.T{len(area.targets) + 1}", body, self.target_year))
        elif kind == "plus" and area.tasks:
            task = area.tasks[-1]
            task.items.append(body)
            task.text = f"{task.text} {body}"
        else:
            area.tasks.append(Task(code=f"{area.code}.{len(area.tasks) + 1}", text=body))

    def start_targets(self, body: str) -> None:
        """The "Phấn đấu đến năm 2030:" line; a target written after its colon is kept."""
        year = YEAR.search(body)
        self.target_year = int(year.group(1)) if year else 0
        head, _, rest = body.partition(":")
        if rest.strip():
            self.area_line(rest.strip())


def _section_role(title: str) -> str:
    """Which part of the plan a Roman-numbered section is."""
    folded = fold(title)
    if "muc dich" in folded or "yeu cau" in folded:
        return "aims"
    if "nhiem vu" in folded or "giai phap" in folded:
        return "tasks"
    if "to chuc thuc hien" in folded:
        return "org"
    return "other"


def _bullet(line: str) -> tuple[str, str]:
    """("plus" | "dash" | "none", the text without its bullet)."""
    match = BULLET.match(line)
    if not match:
        return "none", line
    return ("plus" if match.group("plus") else "dash"), match.group("body").strip()


def parse_target(code: str, text: str, year: int | None) -> Target:
    """A target line: value, unit and comparator when it states a number, else qualitative."""
    target = Target(code=code, text=text, year=_own_year(text) or year or None)
    match = PERCENT.search(text) or COUNT.search(text)
    if match and _number(match.group(1)) is not None:
        target.value = _number(match.group(1))
        target.unit = "%" if match.re is PERCENT else match.group(2).lower()
        target.qualitative = False
        target.comparator = _comparator(text[: match.start()])
    return target


def _own_year(text: str) -> int | None:
    """A deadline year the target states itself ("đến năm 2028")."""
    match = re.search(r"(?:đến|trước) (?:hết )?năm (\d{4})", text, re.IGNORECASE)
    return int(match.group(1)) if match else None


def _number(raw: str) -> float | None:
    """A Vietnamese number: "87,5" -> 87.5, "1.250" -> 1250 (the one reader of numbers, `portal.text.quantities`)."""
    try:
        return parse_quantity(raw)
    except QuantityError:
        return None


def _comparator(before: str) -> str | None:
    """The comparator phrase written just before the number ("tối thiểu", "ít nhất", ...)."""
    tail = before.rstrip().lower()
    return next((c for c in COMPARATORS if tail.endswith(c)), None)


def _assignment(code: str, heading: str) -> Assignment:
    """An assignment from its heading ("Giao X: first item" or just the unit name)."""
    name, _, first = heading.partition(":")
    name = re.sub(r"^giao\s+", "", name.strip(), flags=re.IGNORECASE)
    assignment = Assignment(code=code, unit_name=sentence_start(name), unit_kind=unit_kind(name))
    if first.strip():
        assignment.items.append(first.strip())
    return assignment


def unit_kind(name: str) -> str:
    """branches | secretariat | inspection | branch | other, from a unit's name."""
    folded = fold(name)
    if "chi bo truc thuoc" in folded or folded.startswith("cac chi bo"):
        return "branches"
    if "bo phan giup viec" in folded or "van phong dang uy" in folded:
        return "secretariat"
    if "uy ban kiem tra" in folded:
        return "inspection"
    if folded.startswith("chi bo"):
        return "branch"
    return "other"


def _fill_hints(plan: ParsedPlan, body: list[str]) -> None:
    """Give every task its "6 rõ" hints from its own text, its area's targets and section III."""
    roles = _roles(plan, body)
    extra_support = _specific_branches(plan)
    for area in plan.areas:
        area_deadline = _area_deadline(area)
        for task in area.tasks:
            timing = _unique(m.group(0) for m in TIMING.finditer(task.text))
            own = next((t for t in timing if re.search(r"\d{4}", t)), None)
            task.hints = TaskHints(
                timing=timing,
                deadline=own or area_deadline,
                products=_products(task.text),
                targets=[t.code for t in area.targets],
                **roles,
            )
            task.hints.support = roles["support"] + extra_support.get(task.code, [])


def _roles(plan: ParsedPlan, body: list[str]) -> dict:
    """Who leads, supports, inspects and approves every task, as section III says."""
    by_kind: dict[str, list[str]] = {}
    for assignment in plan.assignments:
        by_kind.setdefault(assignment.unit_kind, []).append(assignment.unit_name)
    plan.approver = _approver(" ".join(a.text for a in plan.assignments) or " ".join(body))
    return {
        "lead": (by_kind.get("branches") or [None])[0],
        "support": list(by_kind.get("secretariat", [])),
        "inspector": (by_kind.get("inspection") or [None])[0],
        "approver": plan.approver,
    }


def _specific_branches(plan: ParsedPlan) -> dict[str, list[str]]:
    """Task code -> the specific chi bộ given that work in section III (matched by text similarity, best 3)."""
    tasks = [(t.code, t.text) for area in plan.areas for t in area.tasks]
    if not tasks:
        return {}
    index, out = TaskIndex.build(tasks), {}
    for assignment in (a for a in plan.assignments if a.unit_kind == "branch"):
        ranked = index.rank(assignment.text, limit=3)
        for code, score in ranked:
            if score >= ranked[0][1] / 2:
                out.setdefault(code, []).append(assignment.unit_name)
    return out


def _approver(text: str) -> str | None:
    """The Ban Thường vụ the plan belongs to (the shortest name section III gives it)."""
    names = re.findall(r"(Ban Thường vụ Đảng ủy[^,;.:]*?)(?=\s+(?:về|và|đến|UBND|Ủy ban)\b|[,;.:]|$)", text)
    return min(names, key=len).strip() if names else None


def _area_deadline(area: Area) -> str | None:
    """ "đến năm 2030" when the area's targets carry a year."""
    years = [t.year for t in area.targets if t.year]
    return f"đến năm {max(years)}" if years else None


def _products(text: str) -> list[str]:
    """Product phrases (documents, systems, lists) the task text names."""
    found = []
    lowered = text.lower()
    for phrase in PRODUCTS:
        at = lowered.find(phrase.lower())
        if at >= 0:
            found.append((at, text[at : at + len(phrase)]))
    return [phrase for _, phrase in sorted(found)]


def _unique(items) -> list[str]:
    """Items in order, without repeats (case-insensitive)."""
    seen, out = set(), []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out
