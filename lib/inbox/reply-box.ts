/**
 * The conversation's reply box as WhatsApp's 24-hour window opens and closes under it: a live
 * refresh can change the window while someone is typing. Rules kept here, as plain state:
 * - free text is never thrown away by a change (only by sending it, or Discard), and never sent
 *   while the window is closed: it is kept read-only until they write again;
 * - when they write again the box goes back to free text, unless a template is being filled in
 *   (then it stays, and Text is offered beside it);
 * - each change says what happened (for a polite live region), and the focus stays where it is,
 *   or moves to what replaced the control that held it.
 */

export type ReplyKind = "text" | "template";

/** The part of the reply box that has the focus (null: none of it). */
export type ReplyFocus = "choice" | "draft" | "draftActions" | "template" | "other" | null;

export interface ReplyBoxState {
  windowOpen: boolean;
  /** What Send sends: always a template while the window is closed. */
  kind: ReplyKind;
  draft: string;
  /** Something is typed in the template's fields. */
  templateFilled: boolean;
  focus: ReplyFocus;
  /** The last change the box made by itself, or null. */
  notice: string | null;
  /** Where the focus goes because the control holding it went away; a new object each time. */
  moveFocus: { to: "draft" | "template" } | null;
}

export type ReplyBoxEvent =
  | { type: "window"; open: boolean }
  | { type: "choose"; kind: ReplyKind }
  | { type: "type"; text: string }
  | { type: "templateInput"; filled: boolean }
  | { type: "focus"; focus: ReplyFocus }
  | { type: "discard" }
  /** The server queued what was sent; the form then empties its fields. */
  | { type: "queued"; kind: ReplyKind };

export const REPLY_BOX_NOTICES = {
  closedWithDraft:
    "The 24-hour window has closed, so your text can no longer be sent as it is. It is kept below: copy it, or send it if they write again. Until then only an approved template can go out.",
  closed: "The 24-hour window has closed: only an approved template can be sent now.",
  opened: "They wrote again: free-text replies are open.",
  openedWithDraft: "They wrote again: free-text replies are open, and your kept text can be sent.",
  openedOnTemplate: "They wrote again: free-text replies are open. Your template is kept; choose Text to write freely instead.",
  discarded: "Your unsent text was discarded.",
} as const;

const hasDraft = (state: ReplyBoxState) => state.draft.trim() !== "";

export function initialReplyBox(windowOpen: boolean): ReplyBoxState {
  return { windowOpen, kind: windowOpen ? "text" : "template", draft: "", templateFilled: false, focus: null, notice: null, moveFocus: null };
}

/** Whether the free text shows: being written, or kept read-only after the window closed on it. */
export function draftShown(state: ReplyBoxState): boolean {
  return state.kind === "text" || (!state.windowOpen && hasDraft(state));
}

function windowClosed(state: ReplyBoxState): ReplyBoxState {
  const kept = hasDraft(state);
  // The Text/Template choice goes, and so does an empty text box: the template takes their place.
  const lost = state.focus === "choice" || (state.focus === "draft" && !kept);
  return { ...state, windowOpen: false, kind: "template", notice: kept ? REPLY_BOX_NOTICES.closedWithDraft : REPLY_BOX_NOTICES.closed, moveFocus: lost ? { to: "template" } : null };
}

function windowOpened(state: ReplyBoxState): ReplyBoxState {
  // Someone on the kept text wants it back; someone filling in a template keeps it.
  const onDraft = state.focus === "draft" || state.focus === "draftActions";
  const onTemplate = !onDraft && (state.focus === "template" || state.templateFilled);
  return {
    ...state,
    windowOpen: true,
    kind: onTemplate ? "template" : "text",
    notice: onTemplate ? REPLY_BOX_NOTICES.openedOnTemplate : hasDraft(state) ? REPLY_BOX_NOTICES.openedWithDraft : REPLY_BOX_NOTICES.opened,
    // Copy and Discard are only for a kept text: the text box itself, now editable, has the focus instead.
    moveFocus: state.focus === "draftActions" ? { to: "draft" } : null,
  };
}

export function replyBox(state: ReplyBoxState, event: ReplyBoxEvent): ReplyBoxState {
  switch (event.type) {
    case "window":
      if (event.open === state.windowOpen) return state;
      return event.open ? windowOpened(state) : windowClosed(state);
    case "choose":
      if (!state.windowOpen || event.kind === state.kind) return state;
      return { ...state, kind: event.kind, notice: null, moveFocus: null };
    case "type":
      // A kept text is read-only: it stays as it was when the window closed.
      return state.windowOpen ? { ...state, draft: event.text, moveFocus: null } : state;
    case "templateInput":
      return { ...state, templateFilled: event.filled, moveFocus: null };
    case "focus":
      return { ...state, focus: event.focus, moveFocus: null };
    case "discard": {
      const lost = state.focus === "draft" || state.focus === "draftActions";
      return { ...state, draft: "", notice: REPLY_BOX_NOTICES.discarded, moveFocus: lost && !state.windowOpen ? { to: "template" } : null };
    }
    case "queued":
      // The form is reset after a send; a kept text is not part of what went (a template did), so it stays.
      return { ...state, draft: event.kind === "text" ? "" : state.draft, templateFilled: false, notice: null, moveFocus: null };
  }
}
