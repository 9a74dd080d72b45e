import { describe, expect, it } from "vitest";
import { REFUSALS, UNSUBSCRIBED } from "@/lib/outbound/queue";
import { notSentSummary, summariseProgress } from "./campaign-progress";

const progress = { total: 3, skipped: 0, queued: 0, sent: 0, delivered: 0, read: 0, failed: 0, refused: 0, acknowledged: 0, offRecord: 0 };

describe("a campaign's progress line", () => {
  it("says Sending only while a message is still queued", () => {
    expect(summariseProgress({ ...progress, queued: 1, sent: 2 })).toMatchObject({ label: "Sending", settled: 2, reached: 3, offRecord: 0 });
    expect(summariseProgress({ ...progress, sent: 2, read: 2, failed: 1 })).toMatchObject({ label: "All sent", settled: 3, offRecord: 0 });
  });

  it("counts messages a purge or an erasure removed instead of showing them as still sending", () => {
    expect(summariseProgress({ ...progress, sent: 2, read: 2, offRecord: 1 })).toMatchObject({ label: "All sent", settled: 2, reached: 3, offRecord: 1 });
  });

  it("has nothing to send when everyone had opted out", () => {
    expect(summariseProgress({ ...progress, skipped: 3 })).toMatchObject({ label: "Nothing to send", reached: 0, offRecord: 0 });
  });

  it("counts a refused message (never sent) as settled, not as still sending", () => {
    expect(summariseProgress({ ...progress, sent: 2, read: 2, refused: 1 })).toMatchObject({ label: "All sent", settled: 3, reached: 3 });
  });
});

describe("the Not sent line", () => {
  it("says why, by the send queue's reasons, most first", () => {
    expect(notSentSummary([REFUSALS.outsideWindow])).toBe("1 (outside the 24-hour window)");
    expect(notSentSummary([REFUSALS.blocked, REFUSALS.outsideWindow, UNSUBSCRIBED, REFUSALS.outsideWindow, REFUSALS.optedOut])).toBe("5 (2 outside the 24-hour window, 2 opted out, 1 blocked)");
    expect(notSentSummary([])).toBe("0");
  });
});
