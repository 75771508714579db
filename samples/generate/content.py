"""Narrative paragraphs for each outline section of the report (no counted results here).

Sentences are templates filled from the submission's facts; a paragraph is a random subset in
random order, so two reports on the same topic still read differently.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import yaml

# section id -> sentence templates. Placeholders: {proj} {lead} {partner} {scene} {scene2}
# {company} {n_bs} {latency} {rate} {start} {district}
SENTENCES: dict[str, tuple[str, ...]] = {
    "1": (
        "{proj}自{start}启动实施以来，项目组严格对照申报书确定的目标和任务，稳步推进各项建设内容。",
        "截至目前，项目总体进度符合预期，{scene}、{scene2}等核心场景已完成部署并投入常态化运行。",
        "项目由{lead}牵头，联合{partner}等单位共同实施，形成了医疗机构、运营商和技术企业协同推进的工作格局。",
        "项目建设过程中，各参与单位明确分工、定期会商，及时协调解决网络覆盖、设备接入、数据互通等方面的问题。",
        "总体来看，项目已基本完成年度建设任务，5G技术在{scene}中的支撑作用逐步显现。",
        "项目建设内容主要包括5G医疗专网建设、{scene}应用系统开发、终端设备部署以及配套管理制度建设等方面。",
    ),
    "2.1": (
        "项目总体采用“云—管—端”架构，依托{company}提供的5G网络切片和边缘计算能力，构建安全可靠的医疗专网。",
        "在网络建设方面，院区内共部署5G基站{n_bs}个，实现门急诊、病房、手术室等重点区域的连续覆盖。",
        "经实测，端到端平均时延低于{latency}毫秒，上行速率稳定在{rate}Mbps以上，满足高清视频和医疗数据实时传输的需要。",
        "关键软件方面，完成了{scene}管理平台、数据中台和移动端应用的开发与部署，并与医院HIS、PACS、EMR等系统实现对接。",
        "终端设备方面，配置了5G医疗终端、高清音视频设备和便携式检查设备，实现医疗数据的实时采集与回传。",
        "项目同步建立了网络安全防护体系，通过专网隔离、数据加密和访问控制等措施保障医疗数据安全。",
        "平台采用模块化设计，预留标准接口，便于后续功能扩展和在其他医疗机构部署。",
    ),
    "2.2": (
        "场景一：{scene}。借助5G大带宽、低时延的特点，医生可实时获取患者的生命体征、影像和视频信息，提前制定诊疗方案。",
        "场景二：{scene2}。通过5G网络将基层医疗机构与上级医院连接，专家可远程指导基层医生开展诊疗，有效提升基层服务能力。",
        "在该场景中，5G网络解决了传统有线网络部署困难、Wi-Fi信号不稳定等问题，显著缩短了信息传输和响应时间。",
        "实际运行表明，该场景有效缩短了患者等待时间，提高了医疗资源的利用效率，获得医护人员和患者的普遍认可。",
        "项目还探索了5G与人工智能、物联网等技术的融合应用，实现了异常情况的自动识别和及时预警。",
        "典型案例显示，在{district}开展的{scene}应用中，患者从首次接触到明确诊断的时间明显缩短。",
    ),
    "3.1": (
        "技术创新方面，项目将5G网络切片与移动边缘计算相结合，实现了医疗业务的差异化保障。",
        "机制创新方面，建立了医院、运营商、设备厂商多方协同的建设运营机制，明确了各方权责。",
        "模式创新方面，项目探索形成了“线上+线下”、“院内+院外”相结合的{scene}服务新模式。",
        "项目在国内较早实现了{scene}与{scene2}业务的一体化协同，具有较强的先进性和示范意义。",
        "项目研发的{scene}系统在数据采集、传输和智能分析等环节实现了多项关键技术突破。",
    ),
    "3.2": (
        "项目成果已在{district}等区域的多家医疗机构复制推广，推广范围从三级医院逐步延伸至社区卫生服务中心。",
        "在推广过程中，项目组编制了部署实施指南和操作手册，降低了其他机构复制应用的门槛。",
        "项目依托医联体和专科联盟开展推广应用，带动基层医疗机构服务能力的整体提升。",
        "下一阶段将结合各推广单位的实际需求，进一步完善系统功能，扩大应用覆盖面。",
    ),
    "3.3": (
        "经济效益方面，项目通过提高诊疗效率、减少重复检查和不必要的转诊，降低了医疗成本。",
        "社会效益方面，项目有效缓解了优质医疗资源分布不均的问题，提升了群众就医的获得感。",
        "项目的实施带动了5G医疗终端、行业应用软件等相关产业发展，形成了可持续的商业模式。",
        "通过5G技术的应用，患者的平均就诊时间明显缩短，医护人员的工作负担有所减轻。",
    ),
    "3.4": (
        "项目在技术规范、公开出版物、知识产权、人才培养等方面取得了一批重要成果。",
        "相关成果均已整理形成佐证材料，详见附件。",
        "项目组高度重视成果的总结提炼和转化应用，建立了成果登记和管理制度。",
    ),
    "4": (
        "项目成立了由{lead}主要领导任组长的项目领导小组，下设技术组、应用组和保障组，定期召开推进会议。",
        "在硬件条件保障方面，各参与单位提供了机房、网络和终端设备等必要的基础条件。",
        "在团队配置方面，项目组由临床医学、通信技术、软件开发等多学科人员组成，形成了稳定的研发和应用队伍。",
        "在资金投入方面，项目资金按照预算计划使用，专款专用，并建立了规范的财务管理制度。",
        "项目制定了管理制度、质量控制和安全保障等规章制度，确保项目规范有序推进。",
    ),
    "5": (
        "一是5G终端设备种类较少、价格偏高，在一定程度上影响了规模化推广。建议加大对5G医疗终端研发的支持力度。",
        "二是不同医疗机构之间信息系统标准不统一，数据互联互通仍存在障碍。建议加快制定相关数据标准。",
        "三是5G医疗应用的收费和医保支付政策尚不明确，建议有关部门研究出台配套政策。",
        "四是部分老旧院区5G室内覆盖不足，网络改造难度较大，建议运营商进一步加强深度覆盖。",
    ),
    "6": (
        "下一步，项目组将继续优化{scene}系统功能，提升系统的稳定性和易用性。",
        "同时，积极推动项目成果在更多医疗机构复制推广，扩大应用覆盖范围和受益人群。",
        "加强与高校、科研院所和企业的合作，深化5G与人工智能、大数据等技术的融合应用。",
        "持续总结项目经验，形成可复制、可推广的5G+医疗健康应用模式。",
    ),
    "7": (
        "无。",
        "项目相关佐证材料已随本报告一并提交。",
        "本报告所涉及数据统计截至报告撰写之日。",
    ),
}

DISTRICTS = (
    "浦东新区",
    "徐汇区",
    "闵行区",
    "松江区",
    "嘉定区",
    "奉贤区",
    "金山区",
    "长宁区",
    "静安区",
    "黄浦区",
    "宝山区",
    "青浦区",
    "崇明区",
)


def paragraphs(
    section: str, facts: dict[str, str], rng: random.Random, topic: str | None = None
) -> list[str]:
    """One or two paragraphs of narrative for `section`, filled with `facts`.

    The pool mixes the generic sentences with the topic's own (急救, 远程超声, ICU, 中医…).
    """
    pool = list(SENTENCES[section])
    for key in (*TOPIC_MIX.get(topic or "", (topic,)), "generic"):
        extra = _topic_sentences().get(key or "", {}).get(section, ())
        pool += rng.sample(extra, min(len(extra), rng.randint(1, 3)))
    if section == "7":
        return [rng.choice(pool).format(**facts)]
    rng.shuffle(pool)
    keep = pool[: rng.randint(max(2, len(pool) - 3), len(pool))]
    if section in ("2.2", "5"):  # these are enumerations: keep their written order
        order = {s: i for i, s in enumerate(SENTENCES[section])}
        keep.sort(key=lambda s: order.get(s, len(order)))
    text = [s.format(**facts) for s in keep]
    if len(text) > 3 and rng.random() < 0.6:
        cut = rng.randint(2, len(text) - 1)
        return ["".join(text[:cut]), "".join(text[cut:])]
    return ["".join(text)]


@cache
def _topic_sentences() -> dict[str, dict[str, list[str]]]:
    """narrative.yaml: topic -> section -> sentences about that kind of pilot."""
    data: dict[str, dict[str, list[str]]] = yaml.safe_load(
        Path(__file__).with_name("narrative.yaml").read_text(encoding="utf-8")
    )
    return data


TOPIC_MIX: dict[str, tuple[str, ...]] = {"mixed": ("remote_diagnosis", "health_mgmt")}
