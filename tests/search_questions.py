"""Questions a reader types into the site's search, each with the pages that answer it.

Written as a reader would ask (a phrase or a few words), not copied from headings; a question
may have more than one page that answers it (a step and the document it produces). Pages are
paths of the built site, as Material's results link them.
"""

from __future__ import annotations

QUESTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("递交入党申请书", ("procedures/stage-1/",)),
    ("入党申请书怎么写", ("procedures/documents/", "procedures/stage-1/")),
    ("年满十八岁", ("procedures/stage-1/", "procedures/time-limits/")),
    ("党组织派人谈话", ("procedures/stage-1/",)),
    ("确定入党积极分子", ("procedures/stage-2/",)),
    ("培养联系人", ("procedures/stage-2/",)),
    ("积极分子考察表", ("procedures/documents/",)),
    ("确定发展对象", ("procedures/stage-3/",)),
    ("入党介绍人", ("procedures/stage-3/",)),
    ("政治审查", ("procedures/stage-3/", "procedures/documents/")),
    ("集中培训 结业证明", ("procedures/documents/", "procedures/stage-3/")),
    ("上级党委预审", ("procedures/stage-4/",)),
    ("填写入党志愿书", ("procedures/stage-4/", "procedures/documents/")),
    ("接收预备党员 支部大会", ("procedures/stage-4/",)),
    ("上级党委审批", ("procedures/stage-4/", "procedures/voting/")),
    ("入党宣誓", ("procedures/stage-5/",)),
    ("转正申请书", ("procedures/documents/", "procedures/stage-5/")),
    ("延长预备期", ("procedures/stage-5/",)),
    ("预备期内组织关系转移", ("procedures/stage-5/",)),
    ("到会人数", ("procedures/voting/",)),
    ("书面意见", ("procedures/voting/",)),
    ("无记名投票", ("procedures/voting/",)),
    ("赞成票 超过半数", ("procedures/voting/", "procedures/stage-4/")),
    ("会议记录要素", ("procedures/meeting-records/",)),
    ("会议记录模板", ("procedures/meeting-records/",)),
    ("思想汇报", ("procedures/documents/", "procedures/stage-2/")),
    ("材料归档", ("procedures/stage-5/", "procedures/documents/")),
    ("日期核对", ("tools/datecheck/", "procedures/documents/")),
    ("本单位做法 差异", ("procedures/differences/",)),
    ("推优制", ("inspection/",)),
    ("自查 存在的问题", ("inspection/",)),
    ("入党材料预审清单", ("checks/dossier/",)),
    ("会议记录核查", ("checks/meeting-record/",)),
    ("汇总自查报告", ("checks/report/",)),
    ("错题本", ("study/mistakes/",)),
    ("结业测试", ("study/final/",)),
    ("离线版", ("about/",)),
    ("清除本机数据", ("about/",)),
]

# Multi-word queries whose every word must count: the page answers only with all of them.
MULTI_WORD: list[tuple[str, list[str]]] = [
    ("接收预备党员 支部大会", ["接收", "预备党员", "支部大会"]),
    ("集中培训 结业证明", ["集中培训", "结业证明"]),
]
