"""The programme's fixed templates (notice 沪经信基〔2022〕377号, annexes 1-3) as constants.

Both the extractors and the sample generator read these, so the outline, the nine directions
and the ten rubric indicators are spelled exactly once.
"""

from __future__ import annotations

from typing import Final

# Annex 1: the outline headings, in template order (id, title, parent id).
SECTIONS: Final[tuple[tuple[str, str], ...]] = (
    ("1", "试点项目总体进展情况"),
    ("2", "试点项目建设应用情况"),
    ("2.1", "项目建设情况"),
    ("2.2", "典型应用场景"),
    ("3", "试点项目成效推广情况"),
    ("3.1", "项目创新情况"),
    ("3.2", "项目复制推广情况"),
    ("3.3", "经济和社会效益情况"),
    ("3.4", "重要成果产出情况"),
    ("4", "组织实施和保障情况"),
    ("5", "组织实施中的重大问题及建议"),
    ("6", "后续有关计划安排"),
    ("7", "其他补充说明"),
)
SECTION_IDS: Final[tuple[str, ...]] = tuple(s[0] for s in SECTIONS)
SECTION_TITLES: Final[dict[str, str]] = dict(SECTIONS)

# Annex 2: the nine direction checkboxes, in form order.
DIRECTIONS: Final[tuple[tuple[str, str], ...]] = (
    ("1", "5G+急诊救治"),
    ("2", "5G+远程诊断"),
    ("3", "5G+远程治疗"),
    ("4", "5G+远程重症监护"),
    ("5", "5G+中医诊疗"),
    ("6", "5G+医院管理"),
    ("7", "5G+智能疾控"),
    ("8", "5G+健康管理"),
    ("other", "其他方向"),
)
DIRECTION_IDS: Final[tuple[str, ...]] = tuple(d[0] for d in DIRECTIONS)
DIRECTION_LABELS: Final[dict[str, str]] = dict(DIRECTIONS)

# Annex 2 fields (contract key -> the form's label).
APPLICATION_FIELDS: Final[tuple[tuple[str, str], ...]] = (
    ("project_name", "项目名称"),
    ("lead_unit", "申报主体单位"),
    ("leader", "项目负责人"),
    ("leader_title", "职务/职称"),
    ("contact_name", "姓名"),
    ("contact_phone", "联系电话"),
    ("contact_email", "联系邮箱"),
    ("partner_units", "联合申报单位"),
    ("summary", "试点项目介绍"),
    ("filled_date", "填报时间"),
    ("leader_signed", "负责人(签名)"),
    ("unit_sealed", "申报主体单位(盖章)"),
)
SUMMARY_MAX_CHARS: Final = 500

# Annex 1 cover fields (contract key -> the name a reviewer reads).
REPORT_FIELDS: Final[tuple[tuple[str, str], ...]] = (
    ("project_name", "项目名称"),
    ("lead_unit", "牵头单位"),
    ("leader", "项目负责人"),
    ("date", "报告日期"),
    ("leader_signed", "负责人签名"),
    ("unit_sealed", "单位盖章"),
)

# Annex 3: the ten indicators (id, name, maximum score), in rubric order.
RUBRIC: Final[tuple[tuple[str, str, float], ...]] = (
    ("management.organization", "组织机制建立及保障能力", 5),
    ("construction.completion", "项目完成度", 15),
    ("construction.scenario_maturity", "应用场景成熟度", 20),
    ("benefit.adoption", "应用推广情况", 25),
    ("benefit.demonstration", "示范引领情况", 5),
    ("benefit.economic", "经济带动效益", 10),
    ("output.standards", "技术规范情况", 6),
    ("output.publications_ip", "公开出版及知识产权情况", 6),
    ("output.talent", "人才培养情况", 4),
    ("output.awards", "项目获奖情况", 4),
)
RUBRIC_IDS: Final[tuple[str, ...]] = tuple(r[0] for r in RUBRIC)

# The counts of the contract, in contract order, with their Chinese name for people.
COUNTS: Final[tuple[tuple[str, str], ...]] = (
    ("patents_filed", "申请专利"),
    ("patents_granted", "授权专利"),
    ("software_copyrights", "软件著作权"),
    ("papers", "发表论文"),
    ("monographs", "出版专著"),
    ("standards", "技术标准/规范"),
    ("phd_trainees", "培养博士生"),
    ("master_trainees", "培养硕士生"),
    ("awards_national", "国家级奖项"),
    ("awards_provincial", "省部级奖项"),
    ("media_reports", "媒体报道"),
    ("trainings", "经验介绍/培训"),
    ("institutions", "推广医疗卫生机构"),
    ("beneficiaries", "惠及人数"),
)
COUNT_KEYS: Final[tuple[str, ...]] = tuple(c[0] for c in COUNTS)

# The contract's evidence kinds, in contract order, with their Chinese name for people.
EVIDENCE_KINDS: Final[tuple[tuple[str, str], ...]] = (
    ("patent_certificate", "专利证书"),
    ("patent_application", "专利申请受理通知书"),
    ("software_copyright_certificate", "软件著作权登记证书"),
    ("award_certificate", "获奖证书"),
    ("paper", "论文"),
    ("standard", "标准"),
    ("other", "其他佐证材料"),
)

PAGE_KINDS: Final[tuple[str, ...]] = (
    "report_cover",
    "report_body",
    "application_form",
    "attachment",
    "blank",
    "other",
)
