"""Ordered sets of completion indexes kept as intervals, written like status.completedIndexes.

The Job controller writes index sets as comma-separated intervals: `first-last` for three or more
consecutive indexes, two consecutive indexes as `a,b`, single ones alone ("0-2,4,6,7").

Text comes from users (successPolicy succeededIndexes) as well as from the controller, and a range
such as "0-2147483646" names two billion indexes: ranges are stored, parsed and intersected whole,
so the work grows with the number of comma-separated parts (at most MAX_PARTS), never with the
number of indexes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

# Comma-separated parts `Intervals.parse` reads; the API server caps succeededIndexes at 64 KiB of
# text, which holds fewer than 32,768 parts.
MAX_PARTS = 65_536


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

    def add_range(self, first: int, last: int) -> int:
        """Insert first..last (inclusive) in one step; returns how many indexes were new."""
        if last < first:
            return 0
        firsts, lasts = self.firsts, self.lasts
        # Intervals that overlap or touch [first, last] merge with it.
        lo = bisect_left(lasts, first - 1)
        hi = bisect_right(firsts, last + 1)
        removed = 0
        if lo < hi:
            first = min(first, firsts[lo])
            last = max(last, lasts[hi - 1])
            removed = sum(b - a + 1 for a, b in zip(firsts[lo:hi], lasts[lo:hi]))
        firsts[lo:hi] = [first]
        lasts[lo:hi] = [last]
        added = last - first + 1 - removed
        self.count += added
        return added

    def overlap(self, other: "Intervals") -> int:
        """How many indexes the two sets share (a merge of both interval lists)."""
        shared = 0
        i = j = 0
        while i < len(self.firsts) and j < len(other.firsts):
            lo = max(self.firsts[i], other.firsts[j])
            hi = min(self.lasts[i], other.lasts[j])
            if lo <= hi:
                shared += hi - lo + 1
            if self.lasts[i] < other.lasts[j]:
                i += 1
            else:
                j += 1
        return shared

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
        """Read the controller's format; indexes at or above `limit` are dropped. Raises
        ValueError for text that is not in it, or with more than MAX_PARTS parts."""
        result = cls()
        for number, part in enumerate(filter(None, text.split(","))):
            if number >= MAX_PARTS:
                raise ValueError(f"more than {MAX_PARTS} comma-separated parts")
            first_text, _, last_text = part.partition("-")
            first = int(first_text)
            last = int(last_text) if last_text else first
            if limit is not None:
                if first >= limit:
                    break
                last = min(last, limit - 1)
            result.add_range(first, last)
        return result
