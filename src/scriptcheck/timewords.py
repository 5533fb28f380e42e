"""The words that name a day or a part of the day, listed once for every module that reads times.

:mod:`scriptcheck.numerals` reads 一点 after one of them as one o'clock (明天一点, not 大声一点),
:mod:`scriptcheck.entities` finds times that start with them, and the ``restate`` matcher tells
which value a phrase speaks of by them. A separate module, not :mod:`scriptcheck.entities`, because
numerals is on the cold-start path and entities compiles large patterns when imported.

>>> "|".join(RELATIVE_DAYS[:3]), "|".join(PERIODS[:2])
('大后天|今天|明天', '上午|下午')
"""

from __future__ import annotations

__all__ = ["PERIODS", "RELATIVE_DAYS", "WEEKDAY_NAMES", "WEEKDAY_PREFIXES"]

#: days named from today; 今晚 / 明晚 name a day and its evening at once
RELATIVE_DAYS = ("大后天", "今天", "明天", "后天", "今晚", "明晚")
#: the parts of the day
PERIODS = ("上午", "下午", "中午", "晚上", "凌晨", "早上", "早晨", "傍晚", "夜里")
#: what a weekday starts with: 周六, 星期六, 礼拜六
WEEKDAY_PREFIXES = ("周", "星期", "礼拜")
#: what follows a weekday prefix (周末 is the weekend; 周7 / 周天 are Sunday), as a regex class
WEEKDAY_NAMES = "[一二三四五六日天末1-7]"
