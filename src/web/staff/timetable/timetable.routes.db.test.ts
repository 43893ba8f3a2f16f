import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import {
  closeApp,
  givenUser,
  type RouteTestApp,
  routeTestApp,
  signedInAgent,
} from '../../../../test/harness.ts';
import { contextFor } from '../../../deps.ts';
import { operator } from '../../../domain/access/actor.ts';
import { disableUser } from '../../../domain/access/disable-user.ts';
import { createProposal } from '../../../domain/estate/create-proposal.ts';
import { createSite } from '../../../domain/estate/create-site.ts';
import type { ProposalInput } from '../../../domain/estate/proposal.ts';

/** The timetable pages, their calendar files, and the calendar subscription address. */

const lambeth = 'E09000022';
const camden = 'E09000007';

let t: RouteTestApp;
let analyst: Agent;
let lambethLead: Agent;
let lambethLeadEmail: string;
const ids: Record<string, string> = {};

const proposal = (title: string, dates: Partial<ProposalInput>): ProposalInput => ({
  changeType: 'dispose',
  title,
  summary: 'The teams move; the building is sold.',
  reasons: 'Costly to run and little used.',
  status: 'published',
  ...dates,
});

beforeAll(async () => {
  t = await routeTestApp({ role: 'analyst' });
  analyst = t.agent;
  const lead = await givenUser(t.deps, { role: 'borough_lead', boroughs: [lambeth] });
  lambethLeadEmail = lead.email;
  lambethLead = await signedInAgent(t.deps, t.app, lead.id);
  const cli = contextFor(t.deps, operator('test'));
  const site = async (name: string, areaCode: string) =>
    (
      await createSite(cli, {
        name,
        areaCode,
        type: 'police-station',
        address: '1 High St',
        postcode: 'SE11 5HN',
      })
    ).id;
  const brixton = await site('Brixton Police Station', lambeth);
  const kentish = await site('Kentish Town <Station>', camden);
  ids.frontCounter = (
    await createProposal(cli, {
      ...proposal('Close the Brixton front counter', {
        changeType: 'close-front-counter',
        engagementStart: '2027-01-11',
        decisionDue: '2027-03-31',
        implementationDate: '2027-06-30',
      }),
      siteId: brixton,
    })
  ).id;
  ids.annexe = (
    await createProposal(cli, {
      ...proposal('Sell the annexe, yard; and "garages" <b>now</b>', { disposalDate: '2027-03-01' }),
      siteId: brixton,
    })
  ).id;
  ids.kentish = (
    await createProposal(cli, {
      ...proposal('Sell Kentish Town', { disposalDate: '2028-08-01' }),
      siteId: kentish,
    })
  ).id;
});
afterAll(() => closeApp(t));

const svgOf = (html: string) => /<svg[^>]*class="nonsuch-gantt"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
const tableOf = (html: string) =>
  /<table class="govuk-table nonsuch-timetable-table[^"]*">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
const bodyRows = (table: string) =>
  [...table.matchAll(/<tr class="govuk-table__row">\s*<th scope="row"[\s\S]*?<\/tr>/g)].map((m) => m[0]);
const veventCount = (ics: string) => (ics.match(/^BEGIN:VEVENT\r$/gm) ?? []).length;
const summaries = (ics: string) =>
  [...ics.replace(/\r\n /g, '').matchAll(/^SUMMARY:(.*)\r$/gm)].map((m) => m[1]);

describe('the London timetable', () => {
  it('sends a visitor who is not signed in to sign in', async () => {
    const res = await t.app.inject('/timetable');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Ftimetable');
  });

  it('draws a chart with a text summary, and the same proposals in a table', async () => {
    const res = await analyst.get('/timetable');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="govuk-heading-l">Timetable</h1>');
    expect(res.body).toContain('3 proposals with planned dates in 2 boroughs. 1 imminent disposal.');
    const svg = svgOf(res.body);
    expect(svg).toContain(
      'role="img" aria-labelledby="timetable-chart-title" aria-describedby="timetable-chart-desc"',
    );
    expect(svg).toContain(
      '<desc id="timetable-chart-desc">Timeline of 3 proposals in London, from November 2026 to August 2028, with 1 imminent disposal. Every date is in the table below.</desc>',
    );
    // Borough headings, a today line, month and year labels.
    expect(svg).toContain('>Camden</text>');
    expect(svg).toContain('>Lambeth</text>');
    expect(svg).toContain('>Today</text>');
    expect(svg).toContain('>2027</text>');
    // The imminent disposal says so in words, not by colour alone.
    expect(svg).toContain('<title>Imminent disposal: 1 Mar 2027</title>');
    expect(svg).toContain('>Imminent</text>');

    const table = tableOf(res.body);
    const rows = bodyRows(table);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('Sell Kentish Town');
    expect(rows[0]).toContain(`href="/proposals/${ids.kentish}"`);
    expect(rows[0]).toContain('href="/boroughs/E09000007">Camden</a>');
    expect(rows[0]).toContain('>Kentish Town &lt;Station&gt;</a>');
    expect(rows[1]).toContain('Close the Brixton front counter');
    expect(rows[1]).toContain('Published for engagement');
    expect(rows[1]).toContain('<time datetime="2027-01-11">11 Jan 2027</time>');
    expect(rows[2]).toContain('<strong class="govuk-tag govuk-tag--red">Imminent</strong>');
    expect(res.body).toContain(
      'aria-label="Timetable table, scrolls sideways on small screens" tabindex="0"',
    );
  });

  it('holds in the table exactly the dates the chart draws', async () => {
    const res = await analyst.get('/timetable');
    const shown = (text: string) =>
      [...text.matchAll(/(\d{1,2} [A-Z][a-z]{2} \d{4})/g)].map((m) => m[1] ?? '');
    const chartDates = [...svgOf(res.body).matchAll(/<title>([^<]*)<\/title>/g)]
      .map((m) => m[1] ?? '')
      .filter((title) => /\d{4}$/.test(title))
      .flatMap(shown)
      .sort();
    const tableDates = [...tableOf(res.body).matchAll(/<time datetime="[^"]+">([^<]+)<\/time>/g)].flatMap(
      (m) => shown(m[1] ?? ''),
    );
    // The engagement bar names its start and its end (the decision, which also has a marker).
    expect(chartDates).toEqual(
      ['1 Aug 2028', '1 Mar 2027', '11 Jan 2027', '30 Jun 2027', '31 Mar 2027', '31 Mar 2027'].sort(),
    );
    expect(new Set(chartDates)).toEqual(new Set(tableDates));
    expect(tableDates).toHaveLength(5);
  });

  it('escapes what people typed, in the chart and the table', async () => {
    const res = await analyst.get('/timetable');
    expect(res.body).not.toContain('<b>now</b>');
    expect(res.body).not.toContain('<Station>');
    expect(svgOf(res.body)).toContain('>Sell the annexe, yard; and &quot;garages&quot;…</text>');
    expect(svgOf(res.body)).toContain(
      '<title>Sell the annexe, yard; and &quot;garages&quot; &lt;b&gt;now&lt;/b&gt; — ',
    );
    expect(svgOf(res.body)).toContain('Kentish Town &lt;Station&gt;');
    expect(tableOf(res.body)).toContain(
      'Sell the annexe, yard; and &quot;garages&quot; &lt;b&gt;now&lt;/b&gt;',
    );
  });

  it('offers the boroughs to choose from, and choosing one opens its timetable', async () => {
    const res = await analyst.get('/timetable');
    expect(res.body).toContain('<form method="get" action="/timetable"');
    expect(res.body).toContain('<option value="E09000022">Lambeth</option>');
    const chosen = await analyst.get('/timetable?borough=e09000022');
    expect(chosen.statusCode).toBe(303);
    expect(chosen.headers.location).toBe('/boroughs/E09000022/timetable');
  });

  it('downloads as a calendar file', async () => {
    const res = await analyst.get('/timetable.ics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="nonsuch-timetable-london.ics"');
    expect(res.body).toContain('X-WR-CALNAME:Nonsuch timetable: London');
    // Engagement, decision and implementation; two disposals.
    expect(veventCount(res.body)).toBe(5);
    expect(res.body).toContain(`UID:${ids.annexe}-disposal@localhost:3000`);
  });
});

describe('a borough’s timetable', () => {
  it('shows only the borough’s proposals, with a way back to the borough', async () => {
    const res = await analyst.get('/boroughs/E09000022/timetable');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<span class="govuk-caption-l">Lambeth</span>');
    expect(res.body).toContain('<title>Timetable: Lambeth – Nonsuch</title>');
    expect(bodyRows(tableOf(res.body))).toHaveLength(2);
    expect(res.body).not.toContain('Sell Kentish Town');
    expect(res.body).toContain('href="/boroughs/E09000022"');
    expect(res.body).toContain('href="/boroughs/E09000022/timetable.ics"');
  });

  it('redirects a lower-case code, and answers 404 for a code that is no borough', async () => {
    const res = await analyst.get('/boroughs/e09000022/timetable');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/boroughs/E09000022/timetable');
    expect((await analyst.get('/boroughs/E09000099/timetable')).statusCode).toBe(404);
    expect((await analyst.get('/boroughs/%27%3B/timetable.ics')).statusCode).toBe(404);
  });

  it('says when nothing is planned, without a chart', async () => {
    const res = await analyst.get('/boroughs/E09000004/timetable');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('No proposal in Bexley has a planned date yet.');
    expect(svgOf(res.body)).toBe('');
  });

  it('downloads the borough’s calendar alone', async () => {
    const res = await analyst.get('/boroughs/E09000022/timetable.ics');
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="nonsuch-timetable-lambeth.ics"');
    expect(veventCount(res.body)).toBe(4);
  });

  it('keeps a Lambeth lead to Lambeth: Camden is not found, London-wide shows Lambeth alone', async () => {
    expect((await lambethLead.get('/boroughs/E09000007/timetable')).statusCode).toBe(404);
    expect((await lambethLead.get('/boroughs/E09000007/timetable.ics')).statusCode).toBe(404);
    const london = await lambethLead.get('/timetable');
    expect(london.statusCode).toBe(200);
    expect(london.body).not.toContain('Kentish');
    expect(london.body).not.toContain('<option value="E09000007">');
    expect(
      summaries((await lambethLead.get('/timetable.ics')).body).every((s) => s?.includes('Lambeth')),
    ).toBe(true);
  });
});

describe('the calendar subscription', () => {
  const feedPath = (html: string) => {
    const address =
      /<strong class="nonsuch-code nonsuch-break-anywhere govuk-!-font-size-19" id="calendar-address">([^<]+)<\/strong>/.exec(
        html,
      )?.[1];
    if (!address) throw new Error('no calendar address on the page');
    expect(address).toMatch(/^http:\/\/localhost:3000\/calendar\/ncal_[A-Za-z0-9_-]{43}\/timetable\.ics$/);
    return new URL(address).pathname;
  };

  it('explains how to subscribe before there is an address', async () => {
    const res = await analyst.get('/timetable/subscribe');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You do not have a calendar address yet.');
    expect(res.body).toContain('<strong>Subscribe from web</strong>');
    expect(res.body).toContain('<strong>From URL</strong>');
    expect(res.body).toContain('for every London borough');
  });

  it('refuses to create an address without the form’s token', async () => {
    await analyst.get('/timetable/subscribe');
    expect((await analyst.post('/timetable/subscribe', {}, { csrf: false })).statusCode).toBe(403);
  });

  it('shows a new address once; the address serves the calendar without a session; stopping it ends it', async () => {
    await analyst.get('/timetable/subscribe');
    const created = await analyst.post('/timetable/subscribe');
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toBe('no-store');
    const path = feedPath(created.body);

    // A calendar program: no cookie, no sign-in.
    const feed = await t.app.inject(path);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.headers['set-cookie']).toBeUndefined();
    expect(feed.body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(veventCount(feed.body)).toBe(5);

    const again = await analyst.get('/timetable/subscribe');
    expect(again.body).toContain('You have a calendar address, created');
    expect(again.body).not.toContain(path);

    const stopped = await analyst.post('/timetable/subscribe/revoke');
    expect(stopped.statusCode).toBe(303);
    expect(stopped.headers.location).toBe('/timetable/subscribe?revoked=1');
    expect((await analyst.get('/timetable/subscribe?revoked=1')).body).toContain(
      'Your calendar address has stopped working.',
    );
    expect((await t.app.inject(path)).statusCode).toBe(404);
  });

  it('replaces an earlier address when a new one is made', async () => {
    await analyst.get('/timetable/subscribe');
    const first = feedPath((await analyst.post('/timetable/subscribe')).body);
    const second = await analyst.post('/timetable/subscribe');
    expect(second.body).toContain('Your previous address has stopped working.');
    expect((await t.app.inject(first)).statusCode).toBe(404);
    expect((await t.app.inject(feedPath(second.body))).statusCode).toBe(200);
  });

  it('gives a borough lead’s calendar their boroughs only, and stops it when they are disabled', async () => {
    await lambethLead.get('/timetable/subscribe');
    const path = feedPath((await lambethLead.post('/timetable/subscribe')).body);
    const feed = await t.app.inject(path);
    expect(feed.statusCode).toBe(200);
    const lines = summaries(feed.body);
    expect(lines).toHaveLength(4);
    expect(lines.every((s) => s?.includes('Lambeth'))).toBe(true);
    await disableUser(contextFor(t.deps, operator('test')), { email: lambethLeadEmail });
    expect((await t.app.inject(path)).statusCode).toBe(404);
  });

  it('answers 404 for an address that never existed', async () => {
    for (const token of ['ncal_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'nonsense', '%00']) {
      const res = await t.app.inject(`/calendar/${token}/timetable.ics`);
      expect(res.statusCode).toBe(404);
      expect(String(res.headers['set-cookie'] ?? '')).not.toContain('session');
    }
  });
});
