"""The ways real reports state each achieved count, as templates with typed placeholders.

Placeholders (filled by fill.py, which also records every number it writes):

- `{key}`       the count itself; `{key~}` with a qualifier (约N, N余, N多, 超过N: all state N)
- `{key:a}` `{key:b}` `{key:c}`  kinds that add up to the count when no total is given
  ("发表SCI论文8篇、中文核心期刊论文4篇" states papers 12)
- `{key:sub}`   a 其中 sub-count below the count (not counted)
- `{key:over}`  a larger total the count is part of (not counted: "共培养研究生10名，其中博士3名")
- `{sum}`       the sum of the phrase's stated counts, printed as a total (not counted itself)
- `{x}` 2..99, `{y}` 1..5, `{pct}` 85..99, `{staff}` 10..600, `{districts}` 2..16,
  `{year}` 2021..2023: unrelated numbers
- `{journal}` `{journal2}` `{m1}` `{m2}` `{m3}` `{scene}` `{book}`  words

"分别" pairs kinds with figures in order ("申请发明专利、实用新型专利分别为3项和2项" is filed 5);
a year's figure beside a cumulative one is a `sub` ("本年度新增…3项，累计…8项" is 8).

`fixed` states counts in words: {"awards_national": 0} for "暂未获得国家级奖项", 1 for a single
named award ("荣获2022年度中华医学科技奖三等奖"). The truth rules are in samples/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Phrase:
    """One way of stating the counts in `keys` (and `fixed` ones in words)."""

    template: str
    keys: tuple[str, ...]
    fixed: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Category:
    """Counts that real reports state together, the phrases for them and where they go."""

    keys: tuple[str, ...]
    phrases: tuple[Phrase, ...]
    where: tuple[str, ...] = ("3.4",)
    intros: tuple[str, ...] = ("",)


def _p(template: str, *keys: str, **fixed: int) -> Phrase:
    return Phrase(template, keys, dict(fixed))


PF, PG = "patents_filed", "patents_granted"
PHD, MS = "phd_trainees", "master_trainees"
NAT, PROV = "awards_national", "awards_provincial"

CATEGORIES: dict[str, Category] = {
    "patents": Category(
        (PF, PG),
        (
            _p(f"申请发明专利{{{PF}}}项，其中已授权{{{PG}}}项", PF, PG),
            _p(f"累计申请专利{{{PF}}}项、获授权专利{{{PG}}}项", PF, PG),
            _p(f"已申请国家专利{{{PF}}}项，授权{{{PG}}}项", PF, PG),
            _p(
                f"共申请专利{{{PF}}}项（其中发明专利{{{PF}:sub}}项），获得授权专利{{{PG}}}项",
                PF,
                PG,
            ),
            _p(
                f"共申请发明专利{{{PF}:a}}项、实用新型专利{{{PF}:b}}项，已获授权专利{{{PG}}}件",
                PF,
                PG,
            ),
            _p(f"专利申请受理{{{PF}}}项，获批国家发明专利{{{PG}}}项", PF, PG),
            _p(f"提交专利申请{{{PF}}}件，目前已获授权{{{PG}}}件，其余处于实质审查阶段", PF, PG),
            _p(
                f"申请发明专利{{{PF}:a}}项、实用新型专利{{{PF}:b}}项、外观设计专利{{{PF}:c}}项；"
                f"获授权专利{{{PG}}}项",
                PF,
                PG,
            ),
            _p(f"申请专利{{{PF}}}项，目前均处于实质审查阶段", PF, **{PG: 0}),
            _p(f"提交发明专利申请{{{PF}}}项，暂未获得授权", PF, **{PG: 0}),
            _p(
                f"共申请发明专利{{{PF}:a}}项、实用新型专利{{{PF}:b}}项，尚未获得授权", PF, **{PG: 0}
            ),
            _p(f"提交发明专利申请{{{PF}}}项", PF),
            _p(f"申请发明专利、实用新型专利分别为{{{PF}:a}}项和{{{PF}:b}}项", PF),
            _p(f"本年度新增专利申请{{{PF}:sub}}项，累计申请专利{{{PF}}}项", PF),
            _p(f"专利申请受理{{{PF}}}项", PF),
            _p(f"共申请发明专利{{{PF}:a}}项、实用新型专利{{{PF}:b}}项", PF),
            _p(f"申请国家发明专利{{{PF}}}件", PF),
            _p(f"已受理发明专利申请{{{PF}}}项（含PCT国际专利申请{{{PF}:sub}}项）", PF),
            _p(f"获得授权发明专利{{{PG}}}项", PG),
            _p(f"取得国家授权专利{{{PG}}}项", PG),
            _p(f"已获授权专利{{{PG}}}件", PG),
            _p(f"获批国家发明专利{{{PG}}}项", PG),
            _p(f"获授权发明专利{{{PG}:a}}项、实用新型专利{{{PG}:b}}项", PG),
            _p(f"取得发明专利授权{{{PG}}}项", PG),
            _p("相关专利暂未获得授权", **{PG: 0}),
        ),
        intros=("知识产权方面，项目", "项目", "在知识产权方面，", ""),
    ),
    "software": Category(
        ("software_copyrights",),
        (
            _p("获得软件著作权{software_copyrights}项", "software_copyrights"),
            _p("登记计算机软件著作权{software_copyrights}项", "software_copyrights"),
            _p("取得计算机软件著作权登记证书{software_copyrights}份", "software_copyrights"),
            _p("获得软件著作权登记{software_copyrights}件", "software_copyrights"),
            _p(
                "取得软著{software_copyrights}项（包括{scene}管理平台V1.0等）",
                "software_copyrights",
            ),
            _p("申请并获得计算机软件著作权{software_copyrights}项", "software_copyrights"),
            _p(
                "获批软件著作权{software_copyrights:a}项（平台端）和{software_copyrights:b}项（移动端）",
                "software_copyrights",
            ),
            _p("共登记{scene}相关软件著作权{software_copyrights}项", "software_copyrights"),
        ),
        intros=("知识产权方面，项目", "项目", "此外，", ""),
    ),
    "papers": Category(
        ("papers",),
        (
            _p("发表学术论文{papers}篇，其中SCI收录{papers:sub}篇", "papers"),
            _p("在《{journal}》等国内外期刊发表论文{papers}篇", "papers"),
            _p("发表相关论文{papers}篇（中文核心期刊{papers:sub}篇）", "papers"),
            _p("发表论文{papers}篇", "papers"),
            _p("本年度新发表论文{papers:sub}篇，累计发表论文{papers}篇", "papers"),
            _p("在SCI期刊和中文核心期刊分别发表论文{papers:a}篇、{papers:b}篇", "papers"),
            _p("发表SCI论文{papers:a}篇、中文核心期刊论文{papers:b}篇", "papers"),
            _p("在《{journal}》等期刊发表学术论文{papers}篇", "papers"),
            _p("项目组成员以第一或通讯作者发表论文{papers}篇", "papers"),
            _p(
                "发表SCI收录论文{papers:a}篇，在《{journal}》《{journal2}》等中文核心期刊发表论文"
                "{papers:b}篇",
                "papers",
            ),
            _p("累计发表与项目相关的学术论文{papers}篇，其中被SCI/EI收录{papers:sub}篇", "papers"),
        ),
        intros=("公开出版物方面，", "项目", "学术成果方面，", ""),
    ),
    "books": Category(
        ("monographs",),
        (
            _p("出版专著{monographs}部", "monographs"),
            _p("主编出版《{book}》等专著{monographs}本", "monographs"),
            _p("出版学术专著{monographs}部", "monographs"),
            _p("编写出版《{book}》等著作{monographs}部", "monographs"),
            _p("参编专著{monographs}部", "monographs"),
            _p("出版专著{monographs:a}部、科普读物{monographs:b}部", "monographs"),
            _p("在人民卫生出版社等出版专著{monographs}部", "monographs"),
        ),
        intros=("", "同时", "另"),
    ),
    "standards": Category(
        ("standards",),
        (
            _p("牵头或参与制定5G+医疗健康相关技术标准/规范{standards}项", "standards"),
            _p("参与编制行业技术规范{standards}项，为同类项目建设提供了参考", "standards"),
            _p("形成团体标准{standards}项", "standards"),
            _p("牵头制定团体标准{standards:a}项，参与编制行业标准{standards:b}项", "standards"),
            _p("形成技术规范{standards}项、专家共识{y}项", "standards"),
            _p("制定地方标准{standards:a}项、企业标准{standards:b}项", "standards"),
            _p("发布《5G+{scene}建设规范》等技术规范{standards}项", "standards"),
            _p("主导或参与国家标准、行业标准和团体标准共{standards}项", "standards"),
            _p("编制技术规范{standards}项，另形成行业白皮书{y}份", "standards"),
        ),
        intros=("技术规范方面，项目", "在标准制定方面，", "项目", ""),
    ),
    "talent": Category(
        (PHD, MS),
        (
            _p(f"培养博士研究生{{{PHD}}}名、硕士研究生{{{MS}}}名", PHD, MS),
            _p(f"共培养博士生{{{PHD}}}人，硕士生{{{MS}}}人", PHD, MS),
            _p(f"培养博士、硕士研究生分别为{{{PHD}}}名和{{{MS}}}名", PHD, MS),
            _p(f"依托项目培养研究生{{sum}}名，其中博士{{{PHD}}}名、硕士{{{MS}}}名", PHD, MS),
            _p(f"项目共培养硕士研究生{{{MS}}}名、博士研究生{{{PHD}}}名", PHD, MS),
            _p(f"指导博士研究生{{{PHD}}}名、硕士研究生{{{MS}}}名完成学位论文", PHD, MS),
            _p(f"培养研究生{{sum}}名（博士{{{PHD}}}名，硕士{{{MS}}}名）", PHD, MS),
            _p(
                f"培养博士研究生{{{PHD}}}名，硕士研究生{{{MS}}}名，培养复合型技术骨干{{staff}}名",
                PHD,
                MS,
            ),
            _p(f"培养博士研究生{{{PHD}}}名", PHD),
            _p(f"共培养研究生{{{PHD}:over}}名，其中博士{{{PHD}}}名", PHD),
            _p(f"培养博士生{{{PHD}}}人", PHD),
            _p(f"依托项目培养博士研究生{{{PHD}}}名，另有多名硕士研究生参与项目研究", PHD),
            _p(f"培养硕士研究生{{{MS}}}名", MS),
            _p(f"共培养研究生{{{MS}:over}}名，其中硕士{{{MS}}}名", MS),
            _p(f"培养硕士生{{{MS}}}人", MS),
            _p(f"依托项目培养硕士研究生{{{MS}}}名，博士研究生若干名", MS),
            _p(f"联合培养全日制硕士研究生{{{MS}}}名", MS),
        ),
        intros=("人才培养方面，", "人才培养方面，项目", "项目", ""),
    ),
    "awards": Category(
        (NAT, PROV),
        (
            _p(f"获国家级奖项{{{NAT}}}项、省部级奖项{{{PROV}}}项", NAT, PROV),
            _p(f"获国家级、省部级奖项分别{{{NAT}}}项、{{{PROV}}}项", NAT, PROV),
            _p(f"荣获国家科学技术进步奖二等奖{{{NAT}}}项，上海市科技进步奖{{{PROV}}}项", NAT, PROV),
            _p(f"获中华医学科技奖{{{NAT}}}项、上海医学科技奖{{{PROV}}}项", NAT, PROV),
            _p(f"荣获华夏医学科技奖{{{NAT}}}项，获上海市科学技术奖{{{PROV}}}项", NAT, PROV),
            _p(
                f"荣获中国通信学会科学技术奖{{{NAT}}}项、上海市科技进步奖二等奖{{{PROV}}}项",
                NAT,
                PROV,
            ),
            _p(
                f"获“绽放杯”5G应用征集大赛全国总决赛一等奖{{{NAT}}}项、上海赛区奖项{{{PROV}}}项",
                NAT,
                PROV,
            ),
            _p(
                f"荣获{{year}}年度中华医学科技奖三等奖，并获上海市科技进步奖{{{PROV}}}项",
                PROV,
                **{NAT: 1},
            ),
            _p(f"暂未获得国家级奖项，获上海市科技进步奖{{{PROV}}}项", PROV, **{NAT: 0}),
            _p(f"获得省部级奖项{{{PROV}}}项，尚未获得国家级奖励", PROV, **{NAT: 0}),
            _p(f"获上海市科技进步奖{{{PROV}}}项", PROV),
            _p(f"获得省部级奖项{{{PROV}}}项", PROV),
            _p(f"获上海市科学技术奖{{{PROV}}}项", PROV),
            _p(f"荣获上海市科技进步奖二等奖、上海医学科技奖三等奖等省部级奖励共{{{PROV}}}项", PROV),
            _p(f"获上海市科技进步奖二等奖{{{PROV}:a}}项、上海医学科技奖三等奖{{{PROV}:b}}项", PROV),
            _p("项目成果荣获{year}年度上海市科技进步奖二等奖", **{PROV: 1}),
            _p(f"获国家级奖项{{{NAT}}}项", NAT),
            _p(f"荣获国家科学技术进步奖二等奖{{{NAT}}}项", NAT),
            _p(f"获中华医学科技奖{{{NAT}}}项", NAT),
            _p(f"获华夏医学科技奖{{{NAT}}}项", NAT),
            _p("荣获{year}年度中华医学科技奖二等奖", **{NAT: 1}),
            _p("暂未获得国家级奖项", **{NAT: 0}),
        ),
        intros=("获奖方面，项目", "获奖方面，", "项目", ""),
    ),
    "media": Category(
        ("media_reports",),
        (
            _p("项目成果先后被{m1}、{m2}等主流媒体报道{media_reports~}次", "media_reports"),
            _p("项目获得各级媒体宣传报道{media_reports~}篇次", "media_reports"),
            _p("获{m1}、{m2}等主流媒体报道{media_reports~}次", "media_reports"),
            _p(
                "{m1}、{m2}、{m3}等媒体对项目进行了专题报道，累计报道{media_reports~}次",
                "media_reports",
            ),
            _p("相关工作被各类媒体报道{media_reports~}篇", "media_reports"),
            _p(
                "项目相关新闻报道{media_reports}篇，其中中央级媒体{media_reports:sub}篇",
                "media_reports",
            ),
            _p("累计获得媒体报道{media_reports~}次，网络阅读量超过{x}万", "media_reports"),
            _p("在{m1}等媒体发布宣传报道{media_reports~}篇", "media_reports"),
        ),
        where=("3.2", "3.2", "3.4", "1"),
    ),
    "trainings": Category(
        ("trainings",),
        (
            _p("项目组开展对外经验介绍和培训{trainings~}场", "trainings"),
            _p("举办5G+医疗健康专题培训班及经验交流会{trainings~}期", "trainings"),
            _p("受邀在全国性学术会议上作经验介绍{trainings~}次", "trainings"),
            _p("举办线上线下培训{trainings~}场，累计培训医务人员{staff}人次", "trainings"),
            _p("开展对外交流与培训{trainings~}场次", "trainings"),
            _p("组织现场观摩和经验交流活动{trainings~}次", "trainings"),
            _p("面向基层医疗机构开展操作培训{trainings~}场", "trainings"),
        ),
        where=("3.2", "3.2", "1"),
    ),
    "institutions": Category(
        ("institutions",),
        (
            _p("项目成果已推广至{institutions~}家医疗卫生机构", "institutions"),
            _p("项目已覆盖{districts}个区的{institutions~}家医疗卫生机构", "institutions"),
            _p("目前已在全市{institutions~}家社区卫生服务中心复制推广", "institutions"),
            _p("覆盖全市{districts}个区的{institutions}家社区卫生服务中心", "institutions"),
            _p("已在{institutions~}家医疗机构落地应用", "institutions"),
            _p(
                "推广应用至{institutions:a}家二、三级医院和{institutions:b}家社区卫生服务中心",
                "institutions",
            ),
            _p("接入医疗机构{institutions~}家", "institutions"),
            _p("辐射带动长三角地区{institutions~}家医疗机构", "institutions"),
        ),
        where=("3.2",),
    ),
    "reach": Category(
        ("beneficiaries",),
        (
            _p("累计服务患者{beneficiaries~}人次", "beneficiaries"),
            _p("项目累计惠及群众{beneficiaries~}人", "beneficiaries"),
            _p("惠及人群{beneficiaries~}人次，社会反响良好", "beneficiaries"),
            _p("服务患者{beneficiaries~}人次，患者满意度达{pct}%", "beneficiaries"),
            _p("为{beneficiaries~}名居民提供健康管理服务", "beneficiaries"),
            _p("累计为{beneficiaries~}人次患者提供5G远程诊疗服务", "beneficiaries"),
            _p("覆盖服务人群{beneficiaries~}人", "beneficiaries"),
        ),
        where=("3.2", "3.2", "3.3"),
    ),
}

# which counts each category states; every count key belongs to exactly one category
KEY_CATEGORY: dict[str, str] = {k: name for name, cat in CATEGORIES.items() for k in cat.keys}

BOOKS = ("5G智慧医疗实践", "5G+医疗健康应用指南", "5G远程医疗技术与应用", "智慧医院建设与管理")
