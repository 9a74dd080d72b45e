import { describe, expect, it } from "vitest";
import { draftShown, initialReplyBox, REPLY_BOX_NOTICES, replyBox, type ReplyBoxEvent, type ReplyBoxState } from "./reply-box";

const run = (state: ReplyBoxState, ...events: ReplyBoxEvent[]) => events.reduce(replyBox, state);
const close: ReplyBoxEvent = { type: "window", open: false };
const open: ReplyBoxEvent = { type: "window", open: true };

describe("the reply box as the 24-hour window closes", () => {
  it("keeps a text being written, read-only and not sendable, with the focus where it was", () => {
    const writing = run(initialReplyBox(true), { type: "focus", focus: "draft" }, { type: "type", text: "Your declaration is recorded" });
    const closed = run(writing, close);
    expect(closed).toMatchObject({ windowOpen: false, kind: "template", draft: "Your declaration is recorded", notice: REPLY_BOX_NOTICES.closedWithDraft, moveFocus: null });
    expect(draftShown(closed)).toBe(true);
    // Typing into the kept text changes nothing.
    expect(run(closed, { type: "type", text: "more" }).draft).toBe("Your declaration is recorded");
  });

  it("keeps a text put aside for a template too", () => {
    const closed = run(initialReplyBox(true), { type: "type", text: "Draft" }, { type: "choose", kind: "template" }, close);
    expect(closed).toMatchObject({ kind: "template", draft: "Draft", notice: REPLY_BOX_NOTICES.closedWithDraft });
    expect(draftShown(closed)).toBe(true);
  });

  it("switches an empty text box to the template, moving the focus there from what went away", () => {
    const inBox = run(initialReplyBox(true), { type: "focus", focus: "draft" }, { type: "type", text: "  " }, close);
    expect(inBox).toMatchObject({ kind: "template", notice: REPLY_BOX_NOTICES.closed, moveFocus: { to: "template" } });
    expect(draftShown(inBox)).toBe(false);
    expect(run(initialReplyBox(true), { type: "focus", focus: "choice" }, close).moveFocus).toEqual({ to: "template" });
    expect(run(initialReplyBox(true), { type: "focus", focus: "other" }, close).moveFocus).toBeNull();
    expect(run(initialReplyBox(true), close).moveFocus).toBeNull();
  });

  it("offers no choice of free text while closed", () => {
    const closed = run(initialReplyBox(false), { type: "choose", kind: "text" });
    expect(closed.kind).toBe("template");
  });

  it("changes nothing when a refresh brings the same window", () => {
    const state = run(initialReplyBox(true), { type: "type", text: "Hi" });
    expect(replyBox(state, open)).toBe(state);
  });
});

describe("the reply box as the window opens (they wrote again)", () => {
  it("goes back to free text from a template nobody started on", () => {
    const opened = run(initialReplyBox(false), open);
    expect(opened).toMatchObject({ windowOpen: true, kind: "text", notice: REPLY_BOX_NOTICES.opened });
  });

  it("gives back a kept text, editable again", () => {
    const kept = run(initialReplyBox(true), { type: "type", text: "Draft" }, close, { type: "focus", focus: "draft" }, open);
    expect(kept).toMatchObject({ kind: "text", draft: "Draft", notice: REPLY_BOX_NOTICES.openedWithDraft, moveFocus: null });
    expect(run(kept, { type: "type", text: "Draft, edited" }).draft).toBe("Draft, edited");
  });

  it("moves the focus from Copy or Discard, which go, to the text box", () => {
    const opened = run(initialReplyBox(true), { type: "type", text: "Draft" }, close, { type: "focus", focus: "draftActions" }, open);
    expect(opened).toMatchObject({ kind: "text", moveFocus: { to: "draft" } });
  });

  it("keeps a template being filled in, or holding the focus, and offers Text beside it", () => {
    const filled = run(initialReplyBox(false), { type: "templateInput", filled: true }, { type: "focus", focus: "other" }, open);
    expect(filled).toMatchObject({ windowOpen: true, kind: "template", notice: REPLY_BOX_NOTICES.openedOnTemplate, moveFocus: null });
    expect(run(filled, { type: "choose", kind: "text" })).toMatchObject({ kind: "text", notice: null });
    expect(run(initialReplyBox(false), { type: "focus", focus: "template" }, open).kind).toBe("template");
  });

  it("gives the kept text back to someone on it even when a template is filled in", () => {
    const opened = run(initialReplyBox(true), { type: "type", text: "Draft" }, close, { type: "templateInput", filled: true }, { type: "focus", focus: "draft" }, open);
    expect(opened.kind).toBe("text");
  });
});

describe("the reply box after a send or a discard", () => {
  it("clears a text that was queued", () => {
    const sent = run(initialReplyBox(true), { type: "type", text: "Hi" }, { type: "queued", kind: "text" });
    expect(sent).toMatchObject({ kind: "text", draft: "" });
  });

  it("keeps a kept text when a template went out instead", () => {
    const sent = run(initialReplyBox(true), { type: "type", text: "Hi" }, close, { type: "templateInput", filled: true }, { type: "queued", kind: "template" });
    expect(sent).toMatchObject({ draft: "Hi", templateFilled: false, notice: null });
    expect(draftShown(sent)).toBe(true);
  });

  it("discards a kept text, the focus going on to the template", () => {
    const discarded = run(initialReplyBox(true), { type: "type", text: "Hi" }, close, { type: "focus", focus: "draftActions" }, { type: "discard" });
    expect(discarded).toMatchObject({ draft: "", notice: REPLY_BOX_NOTICES.discarded, moveFocus: { to: "template" } });
    expect(draftShown(discarded)).toBe(false);
  });
});
