"""Messages for damaged binary files (Stata, SPSS, Excel, Parquet), registered into MESSAGES.

The reader's own error (in English, technical) is kept at the end for whoever supports the user;
the sentence before it says what probably happened and what to do, in the user's language.
"""

from __future__ import annotations

from analysis.messages import MESSAGES

FILE_MESSAGES: dict[str, dict[str, str]] = {
    "file_damaged": {
        "en": "'{name}' cannot be read as a {format} file: it may be damaged or cut short, or be "
              "another kind of file with this ending. Open it in the program that made it and "
              "save it again as {format}. (Reader said: {detail})",
        "ja": "「{name}」を{format}ファイルとして読み込めません。壊れているか途中で切れている、"
              "または別の種類のファイルにこの拡張子が付いている可能性があります。作成したソフトで"
              "開き、{format}として保存し直してください。（読み込み時のエラー：{detail}）",
    },
}

_clash = set(FILE_MESSAGES) & set(MESSAGES)
if _clash and any(MESSAGES[k] != FILE_MESSAGES[k] for k in _clash):
    raise RuntimeError(f"message codes defined twice: {sorted(_clash)}")
MESSAGES.update(FILE_MESSAGES)
