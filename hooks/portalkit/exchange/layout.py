"""The Excel layout of a question list: FILE FORMAT, the same whatever the interface language.

Sheet 题目, one row per question. First the columns of the bulk-import templates of Chinese exam
platforms (问卷星, 考试星, DingTalk and WeCom exams all take a sheet like this):

    题型 | 题干 | 选项A … 选项F | 正确答案 | 解析

then the portal's own columns, so that nothing of a bank is lost:

    id | 题库 | see | tags | hint | 选项反馈A … 选项反馈F | items | pairs

- 题型: 单选题 多选题 判断题 填空题 排序题 连线题.
- 正确答案: the letters of the right options (`B`, `ACD`) for 单选题/多选题; 正确 or 错误 for 判断题;
  the accepted answers joined by `|` for 填空题 (`两|2|二`); the letters of the options in the right
  order for 排序题; for 连线题 the pairs as text (`左 — 右；…`), for people: `pairs` is what is read.
- 排序题 list their items as 选项A…, in the right order, and again in `items` (JSON); 连线题 give
  `pairs` as JSON (`[["左", "右"], …]`). A list of texts that holds `|` (or starts with `[`) is written
  as JSON in `tags` and 正确答案 as well.
- A bank with more than six options gets 选项G … as needed; an importer reads any 选项X.

Sheet 题库, one row per exported bank, with the bank's own YAML fields:
id | title | description | pass_mark | include | tags | draw (lists as JSON).

Texts are the authors' Markdown source, as in the YAML, so an import gives back the same bank."""

from __future__ import annotations

import re
import string
import unicodedata

from portalkit.sheets import column_letter  # noqa: F401  (L.column_letter: one way to name a column)

SHEET_QUESTIONS = "题目"
SHEET_BANKS = "题库"

TYPE = "题型"
PROMPT = "题干"
ANSWER = "正确答案"
EXPLAIN = "解析"
ID = "id"
BANK = "题库"
SEE = "see"
TAGS = "tags"
HINT = "hint"
ITEMS = "items"
PAIRS = "pairs"
OPTION = "选项"  # 选项A
FEEDBACK = "选项反馈"  # 选项反馈A

LETTERS = string.ascii_uppercase
MIN_OPTION_COLUMNS = 6  # 选项A … 选项F, as the platforms' templates have them

TYPE_NAMES = {
    "single": "单选题", "multiple": "多选题", "truefalse": "判断题",
    "blank": "填空题", "order": "排序题", "match": "连线题",
}
# What an importer also takes in 题型 (other platforms' and people's words)
TYPE_ALIASES = {
    **{name: qtype for qtype, name in TYPE_NAMES.items()},
    **{qtype: qtype for qtype in TYPE_NAMES},
    "单选": "single", "单项选择题": "single", "单项选择": "single",
    "多选": "multiple", "多项选择题": "multiple", "多项选择": "multiple", "不定项选择题": "multiple",
    "判断": "truefalse", "是非题": "truefalse",
    "填空": "blank",
    "排序": "order",
    "连线": "match", "匹配题": "match", "配对题": "match", "匹配": "match",
}
# English type names an importer takes too (compared case-insensitively; spaces, hyphens, slashes and
# underscores ignored): the sheet's own names stay Chinese, as the platforms import them.
TYPE_ALIASES_EN = {
    "singlechoice": "single", "single": "single", "multichoice": "single",
    "multiplechoice": "multiple", "multipleanswer": "multiple", "multipleresponse": "multiple", "multiple": "multiple",
    "truefalse": "truefalse", "trueorfalse": "truefalse", "tf": "truefalse",
    "blank": "blank", "fillintheblank": "blank", "fillblank": "blank", "shortanswer": "blank",
    "order": "order", "ordering": "order", "sequence": "order",
    "match": "match", "matching": "match",
}
# English headers → the sheet's own (same comparison); 选项A/选项反馈A are matched as patterns.
HEADER_ALIASES_EN = {
    "type": TYPE, "questiontype": TYPE,
    "question": PROMPT, "questiontext": PROMPT, "prompt": PROMPT, "stem": PROMPT,
    "answer": ANSWER, "correctanswer": ANSWER, "rightanswer": ANSWER, "key": ANSWER,
    "explanation": EXPLAIN, "explain": EXPLAIN, "analysis": EXPLAIN, "generalfeedback": EXPLAIN,
    "bank": BANK, "id": ID, "see": SEE, "tags": TAGS, "hint": HINT, "items": ITEMS, "pairs": PAIRS,
}
_EN_OPTION = re.compile(r"^(?:option|choice)([a-z])$")
_EN_FEEDBACK = re.compile(r"^(?:option)?feedback([a-z])$")


def _english_key(text: str) -> str:
    return re.sub(r"[\s_\-/]+", "", unicodedata.normalize("NFKC", text)).casefold()


def type_from_english(text: str) -> str | None:
    return TYPE_ALIASES_EN.get(_english_key(text))


def header_from_english(text: str) -> str | None:
    """The sheet's own column name for an English header (`Option B` → 选项B), or None."""
    key = _english_key(text)
    if key in HEADER_ALIASES_EN:
        return HEADER_ALIASES_EN[key]
    if m := _EN_FEEDBACK.match(key):
        return FEEDBACK + m[1].upper()
    if m := _EN_OPTION.match(key):
        return OPTION + m[1].upper()
    return None


TRUE, FALSE = "正确", "错误"
TRUE_WORDS = {"正确", "对", "是", "√", "✓", "✔", "T", "TRUE", "Y", "YES", "A"}
FALSE_WORDS = {"错误", "错", "否", "×", "✗", "✘", "F", "FALSE", "N", "NO", "B"}

BANK_COLUMNS = ("id", "title", "description", "pass_mark", "include", "tags", "draw")


def option_column(index: int) -> str:
    return OPTION + LETTERS[index]


def feedback_column(index: int) -> str:
    return FEEDBACK + LETTERS[index]


def question_columns(options: int) -> list[str]:
    """The header of sheet 题目 for questions with at most `options` options (at least six)."""
    count = max(options, MIN_OPTION_COLUMNS)
    return [TYPE, PROMPT, *(option_column(i) for i in range(count)), ANSWER, EXPLAIN,
            ID, BANK, SEE, TAGS, HINT, *(feedback_column(i) for i in range(count)), ITEMS, PAIRS]


