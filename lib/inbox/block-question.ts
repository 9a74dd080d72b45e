/** The registered employee behind a number, as far as blocking it concerns them. */
export type NumberHolder = { name: string; employeeCode: string; active: boolean; approver: boolean };

const WHAT_BLOCKING_DOES =
  "Their messages are still stored, but get no reply and run no command (STOP and START still count), and nothing is sent to them until they are unblocked.";

/**
 * The question a conversation's Block number asks: what blocking stops and, for an active
 * employee's number, that compliance work goes unanswered (their commands are not run and
 * campaigns and reminders skip a blocked number).
 */
export function blockQuestion(phone: string, holder: NumberHolder | null | undefined): string {
  if (!holder?.active) return `Block ${phone}? ${WHAT_BLOCKING_DOES}`;
  const who = `${holder.name} (${holder.employeeCode}) is an active employee${holder.approver ? " and an approver" : ""}`;
  return `Block ${phone}? ${who}: blocked, their STATUS/ACK/APPROVE get no answer and campaigns skip them. ${WHAT_BLOCKING_DOES}`;
}
