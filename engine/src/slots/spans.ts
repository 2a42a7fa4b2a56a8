// Tracks which character ranges of an utterance are already claimed, so entities never overlap.

export interface Range {
  start: number;
  end: number;
}

/** Claimed [start, end) ranges. Utterances are short, so a flat list beats any tree. */
export class ClaimedRanges {
  private readonly ranges: Range[] = [];

  claim(range: Range): void {
    this.ranges.push({ start: range.start, end: range.end });
  }

  isFree(start: number, end: number): boolean {
    for (const r of this.ranges) {
      if (start < r.end && r.start < end) return false;
    }
    return true;
  }

  /** The claimed range covering `index`, if any. */
  rangeAt(index: number): Range | undefined {
    return this.ranges.find((r) => r.start <= index && index < r.end);
  }

  /** True when a claimed range ends exactly at `index` (the entity right before this position). */
  endsAt(index: number): boolean {
    return this.ranges.some((r) => r.end === index);
  }
}
