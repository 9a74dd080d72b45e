import { describe, expect, it } from "vitest";
import { REFUSALS, UNSUBSCRIBED } from "@/lib/outbound/queue";
import { everyoneAcknowledged, notSentSummary, summariseProgress } from "./campaign-progress";

const progress = { total: 3, skipped: 0, queued: 0, sent: 0, delivered: 0, read: 0, failed: 0, refused: 0, acknowledged: 0, offRecord: 0 };

describe("a campaign's progress line", () => {
  it("says Sending only while a message is still queued", () => {
    expect(summariseProgress({ ...progress, queued: 1, sent: 2 })).toMatchObject({ label: "Sending", settled: 2, reached: 3, offRecord: 0 });
    expect(summariseProgress({ ...progress, sent: 3, read: 3 })).toMatchObject({ label: "All sent", settled: 3, sentLine: "3 of 3 sent", offRecord: 0 });
  });

  it("counts messages a purge or an erasure removed instead of showing them as still sending", () => {
    expect(summariseProgress({ ...progress, sent: 2, read: 2, offRecord: 1 })).toMatchObject({ label: "All sent", settled: 2, reached: 3, offRecord: 1 });
  });

  it("has nothing to send when everyone had opted out", () => {
    expect(summariseProgress({ ...progress, skipped: 3 })).toMatchObject({ label: "Nothing to send", reached: 0, offRecord: 0 });
  });

  it("counts a refused message (never sent) as settled, not as still sending, and never as sent", () => {
    expect(summariseProgress({ ...progress, total: 2, sent: 1, read: 1, refused: 1 })).toMatchObject({ label: "1 sent, 1 not sent", settled: 2, reached: 2, sentLine: "1 of 2 sent" });
    expect(summariseProgress({ ...progress, sent: 2, read: 2, failed: 1 })).toMatchObject({ label: "2 sent, 1 failed", settled: 3, sentLine: "2 of 3 sent" });
    expect(summariseProgress({ ...progress, total: 5006, skipped: 1, sent: 5000, failed: 2, refused: 3 })).toMatchObject({ label: "5,000 sent, 2 failed, 3 not sent", sentLine: "5,000 of 5,005 sent" });
  });
});

describe("the empty Not acknowledged list", () => {
  it("says 1 person, or all of many", () => {
    expect(everyoneAcknowledged(1)).toBe("The 1 person who was sent it replied ACK.");
    expect(everyoneAcknowledged(1500)).toBe("All 1,500 who were sent it replied ACK.");
  });
});

describe("the Not sent line", () => {
  it("says why, by the send queue's reasons, most first", () => {
    expect(notSentSummary([REFUSALS.outsideWindow])).toBe("1 (outside the 24-hour window)");
    expect(notSentSummary([REFUSALS.blocked, REFUSALS.outsideWindow, UNSUBSCRIBED, REFUSALS.outsideWindow, REFUSALS.optedOut])).toBe("5 (2 outside the 24-hour window, 2 opted out, 1 blocked)");
    expect(notSentSummary([])).toBe("0");
    expect(notSentSummary([...Array<string>(1200).fill(REFUSALS.blocked), REFUSALS.optedOut])).toBe("1,201 (1,200 blocked, 1 opted out)");
  });
});
