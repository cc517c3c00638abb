"""The plan parser on the real plan (counted by hand) and on the second, demo plan written for these tests."""

import json
import unicodedata
from pathlib import Path

import pytest

from portal.plan.parser import logical_lines, parse_plan, parse_target

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "plan"
REAL = (SAMPLES / "ke-hoach-cchc-2026-2030.txt").read_text(encoding="utf-8")
DEMO = (SAMPLES / "ke-hoach-thu-nghiem.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plan():
    return parse_plan(REAL)


@pytest.fixture(scope="module")
def demo():
    return parse_plan(DEMO)


def area(plan, code):
    return next(a for a in plan.areas if a.code == code)


def task(plan, code):
    return next(t for a in plan.areas for t in a.tasks if t.code == code)


# ---- the real plan -------------------------------------------------------------------------------------------------


def test_real_plan_header(plan):
    assert plan.title == "Lãnh đạo thực hiện công tác cải cách hành chính giai đoạn 2026-2030"
    assert plan.number is None and plan.is_draft and plan.number_pattern == "KH/ĐU"
    assert (plan.issued_on, plan.issued_year, plan.issued_month) == (None, 2026, 5)


def test_real_plan_purposes_and_requirements(plan):
    assert len(plan.purposes) == 3 and plan.purposes[0].startswith("Tăng cường vai trò lãnh đạo")
    assert len(plan.requirements) == 2 and '"6 rõ"' in plan.requirements[0]


def test_real_plan_areas(plan):
    assert [(a.code, a.number, a.title) for a in plan.areas] == [
        ("II.1", 1, "Lãnh đạo cải cách thể chế"),
        ("II.2", 2, "Lãnh đạo cải cách thủ tục hành chính"),
        ("II.3", 3, "Lãnh đạo sắp xếp tổ chức bộ máy"),
        ("II.4", 4, "Lãnh đạo công tác công vụ, công chức"),
        ("II.5", 5, "Lãnh đạo cải cách tài chính công"),
        ("II.6", 6, "Lãnh đạo xây dựng chính quyền số"),
    ]


def test_real_plan_task_counts(plan):
    # Counted by hand in the text: area 6 has 13 "-" tasks (lines 132-156), not 14.
    assert [len(a.tasks) for a in plan.areas] == [8, 4, 4, 6, 5, 13]
    assert [t.code for t in area(plan, "II.4").tasks] == [f"II.4.{i}" for i in range(1, 7)]


def test_real_plan_task_texts(plan):
    assert task(plan, "II.1.1").text.startswith("Lãnh đạo, chỉ đạo rà soát, hệ thống hóa")
    assert task(plan, "II.2.3").text.startswith("Tổ chức thực hiện hiệu quả thủ tục hành chính không phụ thuộc")
    assert task(plan, "II.4.3").text.startswith("Rà soát, xây dựng, hoàn thiện danh mục và bản mô tả vị trí việc làm")
    assert task(plan, "II.6.13").text.startswith("Bố trí, huy động và sử dụng hiệu quả các nguồn lực")
    assert all(not t.text.startswith(("-", "+")) for a in plan.areas for t in a.tasks)


def test_real_plan_joins_paragraphs_across_page_breaks(plan):
    assert "bảo đảm tính hợp hiến, hợp pháp, đồng bộ, thống nhất, công bằng" in task(plan, "II.1.1").text
    assert "theo Kết luận số 205-KL/TW của Bộ Chính trị; bảo đảm công khai" in task(plan, "II.4.1").text
    assert "thực hiện chuyển đổi đơn vị sự nghiệp công lập đủ điều kiện" in task(plan, "II.5.3").text
    assert "Gắn nhiệm vụ cải cách hành chính với công tác xây dựng Đảng" in plan.assignments[0].items[1]


def test_real_plan_targets(plan):
    values = {a.code: [(t.value, t.unit) for t in a.targets] for a in plan.areas}
    assert values == {
        "II.1": [],
        "II.2": [(100, "%"), (95, "%"), (30, "%"), (100, "%")],
        "II.3": [(100, "%"), (None, None)],
        "II.4": [(100, "%"), (100, "%")],
        "II.5": [(100, "%"), (100, "%")],
        "II.6": [],
    }
    assert [t.code for t in area(plan, "II.2").targets] == ["II.2.T1", "II.2.T2", "II.2.T3", "II.2.T4"]
    assert all(t.year == 2030 for a in plan.areas for t in a.targets)


def test_real_plan_target_details(plan):
    cut = area(plan, "II.2").targets[2]
    assert cut.text == "Cắt giảm tối thiểu 30% thời gian giải quyết thủ tục hành chính so với quy định hiện hành;"
    assert (cut.value, cut.unit, cut.comparator, cut.qualitative) == (30, "%", "tối thiểu", False)
    lean = area(plan, "II.3").targets[1]
    assert lean.text.startswith("Gắn sắp xếp tổ chức bộ máy với tinh giản biên chế")
    assert lean.qualitative and lean.value is None and lean.comparator is None
    assert area(plan, "II.4").targets[0].text.startswith("100% cán bộ, công chức, viên chức được đào tạo")


def test_real_plan_assignments(plan):
    got = [(a.code, a.unit_name, a.unit_kind, len(a.items)) for a in plan.assignments]
    assert got == [
        ("III.1", "Các chi bộ trực thuộc", "branches", 4),
        ("III.2", "Bộ phận giúp việc của Đảng ủy", "secretariat", 2),
        ("III.3", "Ủy ban Kiểm tra Đảng ủy", "inspection", 1),
        ("III.4", "Chi bộ Hành chính - Quản trị", "branch", 1),
    ]
    assert plan.assignments[1].items[0].startswith("Chủ trì, định hướng cấp ủy các chi bộ")
    assert plan.assignments[1].items[1].startswith("Tham mưu theo dõi, đôn đốc")
    assert plan.assignments[3].items[0].endswith("tại Đảng bộ.")
    assert "Trên đây" not in plan.assignments[3].text


def test_real_plan_task_hints(plan):
    first = task(plan, "II.1.1").hints
    assert first.lead == "Các chi bộ trực thuộc"
    assert first.support == ["Bộ phận giúp việc của Đảng ủy"]
    branch_work = [t.code for a in plan.areas for t in a.tasks if "Chi bộ Hành chính - Quản trị" in t.hints.support]
    assert branch_work == ["II.1.8", "II.4.2", "II.4.5"]  # rating, satisfaction criteria, commendation
    assert first.inspector == "Ủy ban Kiểm tra Đảng ủy"
    assert first.approver == plan.approver == "Ban Thường vụ Đảng ủy Văn phòng"
    assert "kịp thời" in first.timing and "văn bản quy phạm pháp luật" in first.products
    assert task(plan, "II.6.1").hints.timing == ["thường xuyên"]
    assert task(plan, "II.2.1").hints.deadline == "đến năm 2030"
    assert task(plan, "II.2.1").hints.targets == ["II.2.T1", "II.2.T2", "II.2.T3", "II.2.T4"]
    assert task(plan, "II.1.1").hints.deadline is None
    assert task(plan, "II.4.3").hints.products == ["danh mục", "bản mô tả vị trí việc làm"]


def test_to_dict_matches_the_plan_import_shape(plan):
    data = json.loads(json.dumps(plan.to_dict(), ensure_ascii=False))
    assert {"number", "issued_on", "areas", "assignments"} <= set(data)
    assert data["number"] is None and data["issued_on"] is None
    first = data["areas"][1]
    assert {"code", "title", "tasks", "targets"} <= set(first)
    assert {"code", "text"} <= set(first["tasks"][0])
    assert {"code", "text", "value", "unit", "year"} <= set(first["targets"][0])
    assert first["targets"][1] == {**first["targets"][1], "code": "II.2.T2", "value": 95.0, "unit": "%", "year": 2030}
    assert data["assignments"][0]["unit"] == "Các chi bộ trực thuộc"
    assert {"code", "unit", "text"} <= set(data["assignments"][0])


def test_decomposed_and_crlf_input_parse_the_same(plan):
    nfd = unicodedata.normalize("NFD", REAL).replace("\n", "\r\n")
    again = parse_plan(nfd)
    assert [len(a.tasks) for a in again.areas] == [8, 4, 4, 6, 5, 13]
    assert again.areas[1].title == plan.areas[1].title


# ---- the second (demo) plan ----------------------------------------------------------------------------------------


def test_demo_plan_header(demo):
    assert demo.number == "45-KH/ĐU" and not demo.is_draft
    assert (demo.issued_on, demo.issued_year, demo.issued_month) == ("2026-06-20", 2026, 6)
    assert demo.title == ("Thực hiện chuyển đổi số trong hoạt động của các chi bộ trực thuộc giai đoạn 2026-2027")


def test_demo_plan_structure(demo):
    assert [a.title for a in demo.areas] == [
        "Số hóa văn bản, hồ sơ của chi bộ",
        "Nâng cao kỹ năng số cho đảng viên",
        "Bảo đảm an toàn thông tin",
        "Sổ tay đảng viên điện tử",
    ]
    assert [len(a.tasks) for a in demo.areas] == [3, 2, 3, 1]
    assert [len(a.targets) for a in demo.areas] == [2, 2, 0, 1]
    assert (len(demo.purposes), len(demo.requirements)) == (2, 3)


def test_demo_plan_plus_items_and_page_break(demo):
    rules = task(demo, "II.1.2")
    assert rules.items == ["Quy định về lập, lưu trữ hồ sơ điện tử;", "Quy định về phân quyền truy cập tài liệu."]
    assert rules.text.endswith("gồm: Quy định về lập, lưu trữ hồ sơ điện tử; Quy định về phân quyền truy cập tài liệu.")
    assert "giữa các chi bộ và bộ phận giúp việc của Đảng ủy theo đúng quy định." in task(demo, "II.1.3").text
    assert task(demo, "II.1.1").hints.timing == ["trong quý IV/2026"]
    assert task(demo, "II.1.1").hints.deadline == "trong quý IV/2026"
    assert task(demo, "II.2.1").hints.timing == ["Định kỳ hằng quý"]


def test_demo_plan_targets(demo):
    got = [(t.code, t.value, t.unit, t.comparator, t.year, t.qualitative) for a in demo.areas for t in a.targets]
    assert got == [
        ("II.1.T1", 100, "%", None, 2027, False),
        ("II.1.T2", 90, "%", "tối thiểu", 2027, False),
        ("II.2.T1", 2, "buổi", "ít nhất", 2027, False),
        ("II.2.T2", None, None, None, 2027, True),
        ("II.4.T1", 50, "%", None, 2027, False),
    ]


def test_demo_plan_assignments(demo):
    assert [(a.code, a.unit_kind, len(a.items)) for a in demo.assignments] == [
        ("III.1", "branches", 2),
        ("III.2", "secretariat", 1),
        ("III.3", "inspection", 1),
    ]
    assert demo.approver == "Ban Thường vụ Đảng ủy Văn phòng"
    assert task(demo, "II.3.1").hints.support == ["Bộ phận giúp việc của Đảng ủy"]


# ---- small pieces --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value, unit, comparator",
    [
        ("Tỷ lệ hồ sơ trực tuyến đạt 87,5% trở lên;", 87.5, "%", None),
        ("Không dưới 1.250 hồ sơ được số hóa mỗi năm;", 1250, "hồ sơ", "không dưới"),
        ("Tối đa 5 ngày làm việc để giải quyết;", 5, "ngày", "tối đa"),
        ("Hoàn thiện thể chế về chính quyền số.", None, None, None),
    ],
)
def test_parse_target(text, value, unit, comparator):
    target = parse_target("II.9.T1", text, 2030)
    assert (target.value, target.unit, target.comparator, target.qualitative) == (
        value,
        unit,
        comparator,
        value is None,
    )


def test_parse_target_own_year_wins():
    assert parse_target("II.1.T1", "Đến năm 2028, 100% chi bộ sinh hoạt trên nền tảng số.", 2030).year == 2028


def test_logical_lines_join_only_lowercase_continuations():
    text = "- Việc một hợp pháp,\n\nđồng bộ;\n\n- Việc hai\n\n3\n\nkhông chậm.\n\nIII. TỔ CHỨC\n\nPhấn đấu:\n\n+ Một"
    assert logical_lines(text) == [
        "- Việc một hợp pháp, đồng bộ;",
        "- Việc hai không chậm.",
        "III. TỔ CHỨC",
        "Phấn đấu:",
        "+ Một",
    ]
