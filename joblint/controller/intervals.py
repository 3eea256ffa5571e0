"""Ordered sets of completion indexes kept as intervals, written like status.completedIndexes.

The Job controller writes index sets as comma-separated intervals: `first-last` for three or more
consecutive indexes, two consecutive indexes as `a,b`, single ones alone ("0-2,4,6,7").
"""

from __future__ import annotations

from bisect import bisect_right


class Intervals:
    """A set of non-negative integers as sorted, disjoint, non-adjacent [first, last] intervals."""

    __slots__ = ("firsts", "lasts", "count")

    def __init__(self) -> None:
        self.firsts: list[int] = []
        self.lasts: list[int] = []
        self.count = 0

    def __contains__(self, ix: int) -> bool:
        pos = bisect_right(self.firsts, ix) - 1
        return pos >= 0 and self.lasts[pos] >= ix

    def __len__(self) -> int:
        return self.count

    def add(self, ix: int) -> bool:
        """Insert one index; False when it was already there."""
        firsts, lasts = self.firsts, self.lasts
        pos = bisect_right(firsts, ix) - 1
        if pos >= 0 and lasts[pos] >= ix:
            return False
        self.count += 1
        joins_left = pos >= 0 and lasts[pos] == ix - 1
        joins_right = pos + 1 < len(firsts) and firsts[pos + 1] == ix + 1
        if joins_left and joins_right:
            lasts[pos] = lasts[pos + 1]
            del firsts[pos + 1]
            del lasts[pos + 1]
        elif joins_left:
            lasts[pos] = ix
        elif joins_right:
            firsts[pos + 1] = ix
        else:
            firsts.insert(pos + 1, ix)
            lasts.insert(pos + 1, ix)
        return True

    def copy(self) -> "Intervals":
        other = Intervals()
        other.firsts = list(self.firsts)
        other.lasts = list(self.lasts)
        other.count = self.count
        return other

    def pairs(self) -> list[tuple[int, int]]:
        return list(zip(self.firsts, self.lasts))

    def __str__(self) -> str:
        parts: list[str] = []
        for first, last in zip(self.firsts, self.lasts):
            if last == first:
                parts.append(str(first))
            elif last == first + 1:
                parts.append(f"{first},{last}")
            else:
                parts.append(f"{first}-{last}")
        return ",".join(parts)

    @classmethod
    def parse(cls, text: str, limit: int | None = None) -> "Intervals":
        """Read the controller's format; indexes at or above `limit` are dropped."""
        result = cls()
        for part in filter(None, text.split(",")):
            first_text, _, last_text = part.partition("-")
            first = int(first_text)
            last = int(last_text) if last_text else first
            if limit is not None:
                if first >= limit:
                    break
                last = min(last, limit - 1)
            for ix in range(first, last + 1):
                result.add(ix)
        return result
