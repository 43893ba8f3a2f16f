import ical, { ICalEventBusyStatus, ICalEventTransparency } from 'ical-generator';
import { changeTypeNames, proposalStatusNames } from '../domain/estate/proposal.ts';
import { type TimetableRow, timetableEvents } from '../domain/estate/timetable.ts';

/**
 * The timetable as an iCalendar document (RFC 5545), for a download or a subscription in Outlook
 * or Google Calendar. Every milestone is an all-day event (a DATE, not a time, so no time zone can
 * move it to the day before); the engagement period is one event over its days. Each event's UID
 * is the proposal and the kind of milestone, so a calendar that fetches again replaces the event
 * when its date moves, instead of adding a second one. Events are free time, not appointments.
 */

export type TimetableCalendarInput = Readonly<{
  /** Shown as the calendar's name, for example "Nonsuch timetable: Lambeth". */
  name: string;
  description: string;
  rows: readonly TimetableRow[];
  /** Where Nonsuch is, for links back to each proposal and for the UIDs' domain. */
  publicUrl: string;
  generatedAt: Date;
}>;

/** A calendar day as an instant at midnight UTC: with no time zone set, ical-generator writes its UTC date. */
const dayValue = (day: string): Date => new Date(`${day}T00:00:00Z`);

export function timetableCalendar(input: TimetableCalendarInput): string {
  const base = input.publicUrl.replace(/\/$/, '');
  const domain = new URL(base).host;
  const calendar = ical({
    name: input.name,
    description: input.description,
    prodId: { company: 'Nonsuch', product: 'Timetable', language: 'EN' },
    // Calendar programs that honour it fetch again every six hours.
    ttl: 6 * 60 * 60,
  });
  for (const event of timetableEvents(input.rows)) {
    const { proposal } = event.row;
    const link = `${base}/proposals/${proposal.id}`;
    calendar.createEvent({
      id: `${event.key}@${domain}`,
      allDay: true,
      start: dayValue(event.start),
      end: dayValue(event.endExclusive),
      stamp: input.generatedAt,
      lastModified: proposal.updatedAt,
      sequence: proposal.version,
      summary: `${event.label}: ${proposal.title} (${proposal.siteName}, ${proposal.areaName})`,
      description: [
        `${changeTypeNames[proposal.changeType]} at ${proposal.siteName}, ${proposal.areaName}.`,
        `Status: ${proposalStatusNames[proposal.status]}.`,
        ...(proposal.imminent ? ['The disposal is imminent.'] : []),
        `Details: ${link}`,
      ].join('\n'),
      url: link,
      transparency: ICalEventTransparency.TRANSPARENT,
      busystatus: ICalEventBusyStatus.FREE,
    });
  }
  return calendar.toString();
}
