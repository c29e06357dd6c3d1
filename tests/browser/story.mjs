// Kith's neighbourhood story in a real browser.
//
// Headless Chromium, driven by Playwright, walks the story below through a
// running Kith server, as the neighbours in it would: by the words on the
// page (roles, accessible names and labels), so a control without a usable
// name fails the story as it would fail someone using a screen reader.
// Every page it lands on is checked with axe-core; a violation whose impact
// is "serious" or "critical" fails the run.
//
// Environment:
//   KITH_URL             the site, like http://127.0.0.1:8080 (required)
//   KITH_ADMIN_EMAIL     an admin's e-mail address (required)
//   KITH_ADMIN_PASSWORD  that admin's password (required)
//   KITH_CHROMIUM        the browser (default /usr/bin/chromium)
//   KITH_STORY_DATE      the day Alice asks for help on, YYYY-MM-DD in the
//                        server's calendar (default: three days from today)
//   KITH_STORY_TIMEOUT   seconds the whole story may take (default 300)
//   KITH_OUTBOX_DIR      the folder the server writes its mail to, as .eml
//                        files (required: the neighbours read their mail)
//   KITH_SCREENSHOTS_DIR where to save screenshots of the main pages at 375
//                        and 1280 px (default: none are saved)
//
// Run it with `node tests/browser/story.mjs`; `cargo test --test api browser`
// starts a server and runs it for you.

import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

// ---------------------------------------------------------------------------
// Settings

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`story: set ${name} (see the top of tests/browser/story.mjs)`);
    process.exit(2);
  }
  return value;
}

const BASE = required('KITH_URL').replace(/\/+$/, '');
const ORIGIN = new URL(BASE).origin;
const ADMIN = {
  email: required('KITH_ADMIN_EMAIL'),
  password: required('KITH_ADMIN_PASSWORD'),
};
const CHROMIUM = process.env.KITH_CHROMIUM || '/usr/bin/chromium';
const OUTBOX = required('KITH_OUTBOX_DIR');
const TIMEOUT_SECONDS = Number(process.env.KITH_STORY_TIMEOUT || 300);

function daysFromToday(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
const NEED_DATE = process.env.KITH_STORY_DATE || daysFromToday(3);

// A tag that keeps this run's accounts and need apart from earlier runs
// against the same server.
const RUN = Math.random().toString(36).slice(2, 8);
const PASSWORD = 'a pot of tea by the window';

// What the neighbours write, kept in one place so the checks below look
// for exactly what was typed.
const NEED = {
  title: `Lift to the eye clinic (${RUN})`,
  details: 'My appointment is at half past ten. I can walk to the car but not to the bus stop.',
  place: 'Near the library',
  privateDetails: 'Flat 2, 14 Elm Street. Ring twice.',
};
const OFFER_NOTE = 'I have a car and I am free that morning.';
const BOB_MESSAGE = 'Shall I pick you up at ten, at the front door?';
const ALICE_MESSAGE = 'Ten is perfect. See you then.';
const THANKS_NOTE = 'Thank you, Bob. You made a worrying morning easy.';
const WARNING = 'Please do not ask volunteers for money, for anything.';
const REPORT = {
  reason: 'A scam, or asking for money',
  note: 'Asked me for money after I offered to come along.',
};

// ---------------------------------------------------------------------------
// The people in the story. Each has a browser context of their own, so each
// has their own cookies, as on their own device.

function person(name) {
  return {
    name,
    email: `${name.toLowerCase()}.${RUN}@example.org`,
    password: PASSWORD,
    page: null,
  };
}

const alice = person('Alice');
const bob = person('Bob');
const carol = person('Carol');
const mo = person('Mo');
// Four more neighbours apply at the same time as Bob and Carol, so the
// moderators' queue holds six applications at once.
const dev = person('Dev');
const eli = person('Eli');
const fay = person('Fay');
const gus = person('Gus');
const admin = { name: 'the admin', ...ADMIN, page: null };
const everyone = [alice, bob, carol, mo, admin, dev, eli, fay, gus];

const QUESTION = 'Which street do you live on?';
const ANSWERS = {
  Alice: 'Elm Street, for twenty years.',
  Bob: 'Station Road, by the bakery.',
  Carol: 'Mill Lane, since the spring.',
  Dev: 'Orchard Close, with my grandmother.',
  Eli: 'Church Walk, above the chemist.',
  Fay: 'Canal Side, number twelve-ish.',
  Gus: 'I am not from round here but I sell good ladders.',
};
const TURN_DOWN = 'Kith is for people who live in the neighbourhood.';
const CAROL_OFFER = 'I could come along too, if it helps.';
const ALICE_TO_CAROL = 'Thank you! Before you come, could you send me twenty pounds for petrol?';
const HIDE_REASON = 'Asking a volunteer for money.';
// The rule Mo cites: the fourth of a new site's rules.
const RULE_4 = 'No selling, advertising or asking for money.';
const APPEAL = 'I meant petrol money for Bob, not a gift. I am sorry it read badly.';
const DECISION = 'Asking volunteers for money is not allowed, whatever it is for.';

// Filled in as the story goes.
const found = { needUrl: null, threadUrl: null, carolThreadUrl: null };

// Opens a page on a new device (its own cookies); set once the browser runs.
let openDevice = null;

// ---------------------------------------------------------------------------
// The story: named steps, run in order. A step that fails stops the story
// (later steps need what it made).

const steps = [
  // Mo joins while the board is still open to all; the admin makes him a
  // moderator and then asks newcomers to apply.
  ['Mo signs up while anyone may join, and confirms from the e-mail', () => signUp(mo)],
  ['The admin logs in', () => logIn(admin)],

  ['The admin makes Mo a moderator', async () => {
    const page = admin.page;
    const nav = page.getByRole('navigation', { name: 'Main' });
    await follow(page, nav.getByRole('link', { name: 'Admin', exact: true }), /\/admin$/);
    await see(page.getByRole('heading', { name: 'Setting up the board' }), 'the checklist of a new board');
    await check(page, 'the admin overview, with the checklist');
    await photograph(page, 'admin-checklist');
    await follow(page, page.getByRole('button', { name: /^Send a test e-mail to / }), /\/admin$/);
    await seeStatus(page, 'A test e-mail is on its way');
    await mailArrived(admin.email, /^Subject: Test message from /m);
    await reload(page);
    await see(page.locator('#steps li.step-done', { hasText: 'test e-mail' }), 'the test e-mail ticked in the checklist');
    const adminNav = page.getByRole('navigation', { name: 'Administration' });
    await follow(page, adminNav.getByRole('link', { name: 'People' }), /\/moderation\/people$/);
    await page.getByRole('searchbox', { name: 'Name or email contains' }).fill(mo.email);
    await follow(page, page.getByRole('button', { name: 'Find' }), /\/moderation\/people\?/);
    await check(page, 'people, searched');
    await follow(page, page.getByRole('link', { name: 'Mo', exact: true }), /\/moderation\/people\/\d+$/);
    await check(page, 'a member, as the admin sees them');
    await page.getByRole('radio', { name: /^Moderator/ }).check();
    await follow(page, page.getByRole('button', { name: 'Save role' }), /\/moderation\/people\/\d+$/);
    await seeStatus(page, 'The role is changed');
  }],

  ['The admin sets approval mode', async () => {
    const page = admin.page;
    await goto(page, `${BASE}/admin/settings`);
    await page.getByRole('radio', { name: /^Approval:/ }).check();
    await page.getByLabel('The question applicants answer').fill(QUESTION);
    await follow(page, page.getByRole('button', { name: 'Save how people join' }), /\/admin\/settings$/);
    await seeStatus(page, 'saved');
    await check(page, 'the site settings, approval mode');
  }],

  ['Alice applies to join', () => apply(alice)],

  ['Alice logs in and sees only the waiting page', async () => {
    await logIn(alice, /\/waiting$/);
    const page = alice.page;
    await see(page.getByRole('heading', { level: 1, name: 'Waiting for approval' }), 'the waiting page');
    await check(page, 'the waiting page');
    await goto(page, `${BASE}/needs`);
    await landed(page, /\/waiting$/, 'opening the board while waiting');
  }],

  ['Mo logs in and approves Alice', async () => {
    await logIn(mo);
    await approve(alice);
  }],

  ['Alice is let in', async () => {
    const page = alice.page;
    await goto(page, `${BASE}/`);
    await see(page.getByRole('heading', { level: 1, name: /^Welcome, / }), 'the welcome');
    await openNotification(page, 'Your application was approved. Welcome, neighbour!');
  }],

  ['Alice asks for help', async () => {
    const page = alice.page;
    await goto(page, `${BASE}/`);
    await follow(page, page.getByRole('link', { name: 'Ask for help' }), /\/needs\/new$/);
    await check(page, 'the need form');
    await page.getByLabel('What do you need?').fill(NEED.title);
    await page.getByLabel('Details', { exact: true }).fill(NEED.details);
    await page.getByLabel('Category').selectOption({ index: 1 });
    await page.getByRole('radio', { name: 'On a day', exact: true }).check();
    await page.getByLabel('Day', { exact: true }).fill(NEED_DATE);
    await page.getByLabel('Roughly where').fill(NEED.place);
    await page.getByLabel('How many helpers?').fill('2');
    await page.getByRole('radio', { name: 'Normal' }).check();
    await page.getByLabel('Private details').fill(NEED.privateDetails);
    await follow(page, page.getByRole('button', { name: 'Post your need' }), /\/needs\/\d+$/);
    found.needUrl = withoutHash(page.url());
    await seeStatus(page, 'Your need is on the board');
    await see(page.getByRole('heading', { level: 1, name: NEED.title }), 'the need\'s title');
    await check(page, 'the new need');
  }],

  ['Bob, Carol and four others apply; Mo sees six in the queue, approves Bob and Carol and turns one down', async () => {
    for (const who of [bob, carol, dev, eli, fay, gus]) await apply(who);
    const page = mo.page;
    await goto(page, `${BASE}/moderation?kind=applications`);
    await see(page.getByRole('heading', { name: 'Gus asks to join' }), 'the sixth application');
    const items = await page.locator('#queue > li').count();
    if (items !== 6) throw new Error(`the queue shows ${items} applications, not 6`);
    await check(page, 'the queue with six applications');
    await photograph(page, 'queue-six-applications');
    await approve(bob);
    await approve(carol);
    const gusItem = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Gus asks to join' }) });
    await gusItem.getByText('Turn down…').click();
    await gusItem.getByLabel(/^Why turn down Gus/).fill(TURN_DOWN);
    await follow(page, gusItem.getByRole('button', { name: 'Turn down Gus' }), /\/moderation$/);
    await seeStatus(page, 'Turned down.');
  }],

  ['Bob follows a link to the need, logs in and lands on it', async () => {
    const page = bob.page;
    await goto(page, found.needUrl);
    await landed(page, /\/login\?next=/, 'a visitor opening a need');
    await see(page.getByRole('heading', { level: 1, name: 'Log in to see this need' }), 'why he must log in');
    await check(page, 'the log-in form, on the way to a need');
    await logIn(bob, exactly(found.needUrl));
    await see(page.getByRole('heading', { level: 1, name: NEED.title }), 'the need he was sent');
  }],

  ['Bob finds the need on the board', async () => {
    const page = bob.page;
    const nav = page.getByRole('navigation', { name: 'Main' });
    await follow(page, nav.getByRole('link', { name: 'Needs', exact: true }), /\/needs$/);
    await check(page, 'the board');
    await photograph(page, 'board');
    await page.getByRole('searchbox', { name: 'Search' }).fill(NEED.title);
    await follow(page, page.getByRole('button', { name: 'Show needs' }), /\/needs\?/);
    await check(page, 'the board, searched');
    await follow(page, page.getByRole('link', { name: NEED.title }), exactly(found.needUrl));
    await see(page.getByText(NEED.details), 'the need\'s details');
    await check(page, 'the need, as a neighbour sees it');
  }],

  ['Bob offers to help, with a note', () => offer(bob, OFFER_NOTE)],

  ['Carol has forgotten her password and resets it from the e-mail', async () => {
    const page = carol.page;
    await goto(page, `${BASE}/login`);
    await follow(page, page.getByRole('link', { name: 'Forgot your password?' }), /\/password\/forgot$/);
    await check(page, 'the forgotten-password form');
    await page.getByLabel('Email address').fill(carol.email);
    await follow(page, page.getByRole('button', { name: 'Send me a link' }), /\/password\/forgot$/);
    await see(page.getByRole('heading', { level: 1, name: 'Check your email' }), 'the check-your-email page');
    await check(page, 'after asking for a reset link');
    await goto(page, await mailLink(carol.email, '/password/reset/'));
    await check(page, 'choosing a new password');
    carol.password = 'a new pot of tea on the stove';
    await page.getByLabel('New password', { exact: true }).fill(carol.password);
    await page.getByLabel('New password again').fill(carol.password);
    await follow(page, page.getByRole('button', { name: 'Save the new password' }), exactly(`${BASE}/`));
    await seeStatus(page, 'Your new password is saved');
    await check(page, 'home, after a password reset');
  }],

  ['Carol offers to help too', async () => {
    await goto(carol.page, found.needUrl);
    await offer(carol, CAROL_OFFER);
  }],

  ['Alice hears of the offers', async () => {
    const page = alice.page;
    await openNotification(page, `Bob offered to help with “${NEED.title}”.`);
    await page.waitForURL(exactly(found.needUrl));
    const offers = page.getByRole('region', { name: /Offers of help/ });
    await see(offers.getByText(OFFER_NOTE), 'Bob\'s note with his offer');
    await see(offers.getByText(CAROL_OFFER), 'Carol\'s note with her offer');
    await check(page, 'the need, as its author sees it');
    await photograph(page, 'need-author-view');
  }],

  ['Bob chooses to share his address with those he helps', async () => {
    const page = bob.page;
    await goto(page, `${BASE}/account`);
    await page.getByLabel('Share my email address with the people whose help I accept, and with those who accept mine').check();
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }), exactly(`${BASE}/account`));
    await seeStatus(page, 'your choice about sharing your email address');
    await check(page, 'the account page, sharing the address');
  }],

  ['Alice accepts Bob\'s offer', async () => {
    const page = alice.page;
    await follow(page, page.getByRole('button', { name: 'Accept Bob' }), exactly(found.needUrl));
    await seeStatus(page, 'Accepted. They can now see the private details');
    await see(page.getByRole('link', { name: bob.email }), 'Bob\'s e-mail address');
    await check(page, 'the need after accepting');
  }],

  ['Bob learns he was accepted', async () => {
    const page = bob.page;
    await openNotification(page, `Alice accepted your offer to help with “${NEED.title}”.`);
    await page.waitForURL(exactly(found.needUrl));
    await see(page.getByText('Your offer: accepted'), 'that his offer is accepted');
    await see(page.getByText(NEED.privateDetails), 'the private details');
    await check(page, 'the need, as an accepted helper sees it');
  }],

  ['Bob writes to Alice', async () => {
    const page = bob.page;
    await follow(page, page.getByRole('link', { name: 'Messages with Alice' }), /\/offers\/\d+\/messages$/);
    found.threadUrl = withoutHash(page.url());
    await see(page.getByRole('heading', { level: 1, name: 'Messages with Alice' }), 'the conversation');
    await check(page, 'an empty conversation');
    await send(page, BOB_MESSAGE, found.threadUrl);
  }],

  ['Alice reads Bob\'s message and answers', async () => {
    const page = alice.page;
    await openNotification(page, `Bob sent you a message about “${NEED.title}”.`);
    await page.waitForURL(exactly(found.threadUrl));
    await see(page.getByText(BOB_MESSAGE), 'Bob\'s message');
    await check(page, 'the conversation, as Alice sees it');
    await send(page, ALICE_MESSAGE, found.threadUrl);
    await see(page.getByText(BOB_MESSAGE), 'Bob\'s message, still there');
    await see(page.locator('#latest.mine').getByText(ALICE_MESSAGE), 'her own answer, marked newest');
    await photograph(page, 'conversation');
  }],

  ['Bob reads Alice\'s answer', async () => {
    const page = bob.page;
    await reload(page);
    await see(page.getByText(ALICE_MESSAGE), 'Alice\'s answer');
    await check(page, 'the conversation with an answer');
  }],

  ['Alice writes to Carol', async () => {
    const page = alice.page;
    await goto(page, found.needUrl);
    await follow(page, page.getByRole('link', { name: 'Messages with Carol' }), /\/offers\/\d+\/messages$/);
    found.carolThreadUrl = withoutHash(page.url());
    await send(page, ALICE_TO_CAROL, found.carolThreadUrl);
  }],

  ['Alice marks the need done, choosing how it went herself', async () => {
    const page = alice.page;
    await goto(page, found.needUrl);
    await follow(page, page.getByRole('link', { name: 'Mark as done' }), /\/done$/);
    await check(page, 'the mark-as-done form');
    if (await page.getByRole('radio', { checked: true }).count() > 0) {
      throw new Error('an outcome was chosen for Alice before she chose one');
    }
    await page.getByRole('radio', { name: 'The help happened' }).check();
    await follow(page, page.getByRole('button', { name: 'Mark as done' }), exactly(found.needUrl));
    await seeStatus(page, 'Marked as done.');
    await see(page.getByRole('article').getByText('Done', { exact: true }), 'the status Done');
    await check(page, 'the need, done');
  }],

  ['Alice thanks Bob afterwards', async () => {
    const page = alice.page;
    await goto(page, `${found.needUrl}/done`);
    await see(page.getByRole('heading', { level: 1, name: 'This need is already closed' }), 'that the need is closed');
    await check(page, 'a closed need, with thanks still to give');
    await page.getByLabel('A thank-you note to Bob').fill(THANKS_NOTE);
    await follow(page, page.getByRole('button', { name: 'Send thanks' }), null);
    await seeStatus(page, 'Your thanks are sent.');
  }],

  ['Carol hears kindly that her offer is no longer needed', async () => {
    const page = carol.page;
    await openNotification(page, /so your offer is no longer needed/);
    await page.waitForURL(exactly(found.needUrl));
    await see(page.getByText('Your offer: Not needed'), 'that her offer ended');
    if (await page.getByRole('button', { name: 'Withdraw my offer' }).count() > 0) {
      throw new Error('Carol can still withdraw an offer on a closed need');
    }
    await check(page, 'the need, as a volunteer who was not needed sees it');
  }],

  ['Bob hears he was thanked, reads the note and marks everything read', async () => {
    const page = bob.page;
    await follow(page, notificationsLink(page), /\/notifications$/);
    const thanked = page.getByRole('listitem').filter({ hasText: `Alice thanked you for helping with “${NEED.title}”.` });
    await see(thanked.getByText(THANKS_NOTE), 'the thank-you note itself');
    await see(thanked.getByRole('link', { name: 'Choose whether it shows on your profile' }), 'where he chooses whether it shows');
    await check(page, 'the notifications');
    await see(page.locator('#unread-count'), 'the unread count, still there after looking');
    await follow(page, page.getByRole('button', { name: 'Mark all read' }), /\/notifications$/);
    if (await page.locator('#unread-count').count() > 0) throw new Error('the unread count stayed after Mark all read');
  }],

  ['Carol reports Alice\'s message', async () => {
    const page = carol.page;
    await goto(page, found.carolThreadUrl);
    await see(page.getByText(ALICE_TO_CAROL), 'Alice\'s message');
    const message = page.getByRole('listitem').filter({ hasText: ALICE_TO_CAROL });
    await follow(page, message.getByRole('link', { name: 'Report this message from Alice' }), /\/report\?/);
    await see(page.getByRole('heading', { level: 1, name: 'Report a message in your conversation' }), 'what is being reported');
    await check(page, 'the report form');
    await page.getByRole('radio', { name: REPORT.reason }).check();
    await page.getByLabel('Anything the moderators should know').fill(REPORT.note);
    await follow(page, page.getByRole('button', { name: 'Send report' }), exactly(found.carolThreadUrl));
    await seeStatus(page, 'Thank you. A moderator will look at your report');
    await check(page, 'the conversation after reporting');
  }],

  ['Mo hides the message, with a reason', async () => {
    const page = mo.page;
    await goto(page, `${BASE}/moderation`);
    const group = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: '1 report about a message' }),
    });
    await see(group.getByText(ALICE_TO_CAROL), 'the reported message as it was');
    await see(group.getByText(REPORT.reason), 'the reason Carol gave');
    await see(group.getByText(REPORT.note), 'Carol\'s note');
    await check(page, 'the review queue with a report');
    await group.getByLabel('Why hide this message').fill(HIDE_REASON);
    await group.getByText('Name a rule it breaks…').click();
    await group.getByLabel('Rule it breaks (optional)').selectOption({ label: `4. ${RULE_4}` });
    await follow(page, group.getByRole('button', { name: 'Hide the message' }), /\/moderation$/);
    await seeStatus(page, 'Hidden.');
    await goto(page, `${BASE}/moderation?kind=reports`);
    await see(page.getByText('Nothing to review'), 'no reports left in the queue');
  }],

  ['Carol no longer sees the message, and hears the outcome', async () => {
    const page = carol.page;
    await goto(page, found.carolThreadUrl);
    await see(page.getByText('A moderator hid this message.'), 'the hidden message\'s place');
    if (await page.getByText(ALICE_TO_CAROL).count() > 0) {
      throw new Error('Carol still sees the hidden message');
    }
    await check(page, 'a conversation with a hidden message');
    await follow(page, notificationsLink(page), /\/notifications$/);
    await see(page.getByRole('link', { name: /^A moderator acted on your report:/ }), 'the outcome of her report');
  }],

  ['Alice is told why, and appeals', async () => {
    const page = alice.page;
    await openNotification(page, `A moderator hid one of your messages about “${NEED.title}”. The reason given: Rule 4, “${RULE_4}”: ${HIDE_REASON}`);
    await page.waitForURL(/\/appeals\/new\?entry=\d+$/);
    await see(page.getByText(HIDE_REASON), 'the reason the message was hidden');
    await check(page, 'the appeal form');
    await page.getByLabel('Your appeal').fill(APPEAL);
    await follow(page, page.getByRole('button', { name: 'Send my appeal' }), exactly(`${BASE}/`));
    await seeStatus(page, 'Your appeal is sent.');
  }],

  ['Mo cannot decide the appeal against his own action', async () => {
    const page = mo.page;
    await goto(page, `${BASE}/moderation?kind=appeals`);
    const appeal = page.getByRole('listitem').filter({ hasText: APPEAL });
    await see(appeal.getByText('You took this action, so another moderator decides the appeal.'), 'that someone else must decide');
    await check(page, 'the queue with an appeal, as the moderator who acted sees it');
  }],

  ['The admin decides the appeal', async () => {
    const page = admin.page;
    await goto(page, `${BASE}/moderation?kind=appeals`);
    const appeal = page.getByRole('listitem').filter({ hasText: APPEAL });
    await check(page, 'the queue with an appeal');
    await appeal.getByRole('radio', { name: 'The action stands' }).check();
    await appeal.getByLabel('Why (the member will see this)').fill(DECISION);
    await follow(page, appeal.getByRole('button', { name: 'Decide the appeal' }), /\/moderation$/);
    await seeStatus(page, 'The appeal is decided');
    await follow(page, page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Moderation log' }), /\/moderation\/log$/);
    await see(page.getByText(HIDE_REASON).first(), 'the hiding in the log');
    await see(page.getByText(DECISION).first(), 'the decision in the log');
    await check(page, 'the moderation log');
  }],

  ['Alice hears the decision', async () => {
    const page = alice.page;
    await follow(page, notificationsLink(page), /\/notifications$/);
    await see(page.getByRole('link', { name: /^Your appeal was decided: the moderators' action stands\./ }), 'the decision');
    await check(page, 'the notifications with a decision');
  }],

  ['Mo warns Alice, and is asked first what it will do', async () => {
    const page = mo.page;
    await goto(page, `${BASE}/moderation/people`);
    await page.getByRole('searchbox', { name: 'Name or email contains' }).fill(alice.email);
    await follow(page, page.getByRole('button', { name: 'Find' }), /\/moderation\/people\?/);
    await follow(page, page.getByRole('link', { name: 'Alice', exact: true }), /\/moderation\/people\/\d+$/);
    const person = page.url();
    await page.getByLabel('Why warn them').fill(WARNING);
    await follow(page, page.getByRole('button', { name: 'Warn', exact: true }), null);
    await see(page.getByRole('heading', { level: 1, name: 'Warn Alice?' }), 'the question before warning');
    await see(page.getByText(WARNING), 'the reason as Alice will read it');
    await check(page, 'the confirmation before a warning');
    await follow(page, page.getByRole('button', { name: 'Yes, warn Alice' }), exactly(person));
    await seeStatus(page, 'The warning is sent.');
    await see(page.locator('#person-warning').getByText(WARNING), 'the warning on her page');
    await check(page, 'a warned member, as a moderator sees her');
  }],

  ['Alice sees the warning', async () => {
    const page = alice.page;
    await goto(page, `${BASE}/`);
    await see(page.getByRole('alert').getByText(WARNING), 'the warning at the top of the page');
    await check(page, 'home, with a warning');
  }],
];

// ---------------------------------------------------------------------------
// Steps shared by several people.

async function signUp(who) {
  const page = who.page;
  await goto(page, `${BASE}/signup`);
  await check(page, 'the sign-up form');
  await page.getByLabel('Your name').fill(who.name);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByLabel('Password again').fill(who.password);
  await follow(page, page.getByRole('button', { name: 'Sign up' }), /\/signup\/check-email$/);
  await see(page.getByRole('heading', { level: 1, name: 'Check your email' }), 'the check-your-email page');
  await check(page, 'check your email, after signing up');
  await confirmOnPhone(who, exactly(`${BASE}/`));
}

// Opens the confirmation link from the mail on another device (the
// person's phone), which logs that device in; the page they signed up on
// stays logged out.
async function confirmOnPhone(who, lands) {
  const phone = await openDevice();
  try {
    await goto(phone, await mailLink(who.email, '/signup/confirm/'));
    await check(phone, 'the confirmation page');
    await photograph(phone, 'confirm-address');
    await follow(phone, phone.getByRole('button', { name: 'Confirm my address' }), lands);
  } finally {
    await phone.context().close();
  }
}

// The link starting with BASE + `path` in the newest mail to `to` in the
// outbox folder, waiting up to ten seconds for the sender to write it.
async function mailLink(to, path) {
  const deadline = Date.now() + 10_000;
  const pattern = new RegExp(`${escapeRegExp(BASE + path)}[A-Za-z0-9_-]+`);
  for (;;) {
    const files = readdirSync(OUTBOX)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => join(OUTBOX, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    for (const file of files) {
      const mail = readMail(file);
      if (!new RegExp(`^To: .*${escapeRegExp(to)}`, 'mi').test(mail.headers)) continue;
      const link = mail.text.match(pattern);
      if (link) return link[0];
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} with a ${path} link in ${OUTBOX}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Waits up to ten seconds for a mail to `to` whose headers match `header`.
async function mailArrived(to, header) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (const f of readdirSync(OUTBOX).filter((name) => name.endsWith('.eml'))) {
      const mail = readMail(join(OUTBOX, f));
      if (new RegExp(`^To: .*${escapeRegExp(to)}`, 'mi').test(mail.headers) && header.test(mail.headers)) return;
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${header} in ${OUTBOX}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// An .eml file's headers and its decoded text parts.
function readMail(file) {
  const raw = readFileSync(file, 'utf8');
  const [headers] = raw.split('\r\n\r\n');
  let text = '';
  const boundary = (raw.match(/boundary="([^"]+)"/) || [])[1];
  for (const part of boundary ? raw.split(`\r\n--${boundary}`) : [raw]) {
    const cut = part.indexOf('\r\n\r\n');
    if (cut < 0) continue;
    const head = part.slice(0, cut);
    const body = part.slice(cut + 4);
    if (!/^Content-Type: text\/plain/mi.test(head)) continue;
    if (/^Content-Transfer-Encoding: base64/mi.test(head)) {
      text += Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    } else if (/^Content-Transfer-Encoding: quoted-printable/mi.test(head)) {
      text += Buffer.from(
        body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
    } else {
      text += body;
    }
  }
  return { headers, text };
}

// Signs up in approval mode: the admin's question, and a different button.
async function apply(who) {
  const page = who.page;
  await goto(page, `${BASE}/signup`);
  await check(page, 'the application form');
  await page.getByLabel('Your name').fill(who.name);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByLabel('Password again').fill(who.password);
  await page.getByLabel(QUESTION).fill(ANSWERS[who.name]);
  await follow(page, page.getByRole('button', { name: 'Apply to join' }), /\/signup\/check-email$/);
  await see(page.getByText('then your application goes to the moderators'), 'what happens next');
  await confirmOnPhone(who, /\/waiting$/);
}

// Mo approves `who` from the review queue.
async function approve(who) {
  const page = mo.page;
  await goto(page, `${BASE}/moderation?kind=applications`);
  const application = page.getByRole('listitem').filter({
    has: page.getByRole('heading', { name: `${who.name} asks to join` }),
  });
  await see(application.getByText(ANSWERS[who.name]), `${who.name}'s answer`);
  await check(page, 'the queue with an application');
  await follow(page, application.getByRole('button', { name: 'Approve' }), /\/moderation$/);
  await seeStatus(page, 'Approved.');
}

async function offer(who, note) {
  const page = who.page;
  await page.getByLabel('A message to the neighbour who asked').fill(note);
  await follow(page, page.getByRole('button', { name: 'Offer to help' }), exactly(found.needUrl));
  await seeStatus(page, 'Thank you for offering');
  await see(page.getByText('Your offer: pending'), 'that the offer is pending');
  await check(page, 'the need after offering');
}

async function send(page, text, threadUrl) {
  await page.getByLabel('Your message').fill(text);
  await follow(page, page.getByRole('button', { name: 'Send' }), exactly(threadUrl));
  await seeStatus(page, 'Message sent.');
  await see(page.getByText(text), 'the message just sent');
  await check(page, 'the conversation after sending');
}

async function logIn(who, lands = exactly(`${BASE}/`)) {
  const page = who.page;
  if (new URL(page.url()).pathname !== '/login') {
    await goto(page, `${BASE}/login`);
    await check(page, 'the log-in form');
  }
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await follow(page, page.getByRole('button', { name: 'Log in' }), lands);
  if (new URL(page.url()).pathname !== '/') return;
  await see(page.getByRole('heading', { level: 1, name: /^Welcome, / }), 'the welcome');
  await check(page, 'home, logged in');
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function notificationsLink(page) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Notifications/ });
}

// Opens the notifications from the main menu and follows the one that says `sentence`.
async function openNotification(page, sentence) {
  await follow(page, notificationsLink(page), /\/notifications$/);
  await check(page, 'the notifications');
  const link = page.getByRole('link', { name: sentence }).first();
  await see(link, `the notification “${sentence}”`);
  await follow(page, link, null);
}

// ---------------------------------------------------------------------------
// Moving about, and looking.

const DEFAULT_TIMEOUT_MS = 20_000;

// The page at `url`, wherever on it the address points (`#latest`).
function exactly(url) {
  const want = new URL(url);
  return (u) => u.origin === want.origin && u.pathname === want.pathname && u.search === want.search;
}

function matches(url, expected) {
  if (expected === null) return true;
  if (expected instanceof RegExp) return expected.test(url.pathname + url.search);
  return expected(url);
}

function withoutHash(url) {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

// The status of each page's main document, as the last response for it.
const lastStatus = new WeakMap();

function describeExpected(expected) {
  if (expected instanceof RegExp) return String(expected);
  return 'the expected page';
}

async function landed(page, expected, what) {
  const url = new URL(page.url());
  if (!matches(url, expected)) {
    throw new Error(`${what} led to ${url.pathname}${url.search}, not ${describeExpected(expected)}`);
  }
  const status = lastStatus.get(page);
  if (status !== undefined && status >= 400) {
    const alert = await page.getByRole('alert').allInnerTexts();
    throw new Error(`${what} answered ${status} at ${url.pathname}${alert.length ? `: ${alert.join(' / ')}` : ''}`);
  }
}

async function goto(page, url) {
  await page.goto(url);
  await landed(page, null, `opening ${url}`);
}

async function reload(page) {
  await page.reload();
  await landed(page, null, `reloading ${page.url()}`);
}

// Clicks a link or a form's button and waits for the page it leads to
// (which may be the same address again, after a form post).
async function follow(page, locator, expected) {
  await Promise.all([page.waitForEvent('load'), locator.click()]);
  await landed(page, expected, `clicking ${locator}`);
}

// Waits for something a person would notice on the page.
async function see(locator, what) {
  try {
    await locator.waitFor({ state: 'visible' });
  } catch (error) {
    throw new Error(`expected to see ${what}, but did not (${firstLine(error)})`);
  }
}

// Waits for the message a form leaves on the next page.
async function seeStatus(page, text) {
  await see(page.getByRole('status').filter({ hasText: text }), `the message “${text}”`);
}

function firstLine(error) {
  return String(error && error.message ? error.message : error).split('\n')[0];
}

// ---------------------------------------------------------------------------
// Accessibility: axe-core on every page visited, in light and dark colours
// (the stylesheet has both).

const checked = [];
const violations = [];
const minor = new Map();

// Injects axe-core into the page's document (once) and runs it.
async function runAxe(page) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  return page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        summary: n.failureSummary || '',
      })),
    }));
  });
}

async function check(page, label) {
  await page.waitForLoadState('load');
  const url = new URL(page.url());
  const where = url.pathname + url.search;
  await checkLayout(page, `${where} (${label})`);
  let count = 0;
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    for (const v of await runAxe(page)) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        violations.push({ ...v, page: where, label, colorScheme });
        count += 1;
      } else {
        const key = `${v.id} (${v.impact}) on ${where}`;
        if (!minor.has(key)) minor.set(key, { ...v, page: where, colorScheme });
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  checked.push({ label, page: where, count });
}

// Makes sure the checker can fail: a page with an unlabelled field and no
// language must show axe's "label" and "html-has-lang" rules broken.
async function checkTheChecker(page) {
  await page.setContent('<!doctype html><title>t</title><main><input type="text"></main>');
  const ids = (await runAxe(page)).map((v) => v.id);
  for (const rule of ['label', 'html-has-lang']) {
    if (!ids.includes(rule)) {
      throw new Error(`axe-core did not flag ${rule} on a page made to break it (it flagged: ${ids.join(', ') || 'nothing'})`);
    }
  }
}

// ---------------------------------------------------------------------------
// Layout and weight, on every page checked: what a person would see at a
// desktop's width and on a small phone, and what the page costs to load.

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 667 };
const SMALLEST = { width: 320, height: 568 };
// Every page, with the stylesheet as on a first visit, transfers at most this.
const PAGE_BUDGET_BYTES = 15 * 1024;
const layoutProblems = [];
const weights = [];

async function checkLayout(page, where) {
  await page.setViewportSize(DESKTOP);
  const desktop = await page.evaluate(() => {
    const header = document.querySelector('.site-header');
    const parts = [header.querySelector('.site-name'), ...header.querySelectorAll('.site-nav li')];
    const boxes = parts.map((e) => e.getBoundingClientRect());
    const oneRow = Math.max(...boxes.map((b) => b.top)) < Math.min(...boxes.map((b) => b.bottom));
    const board = document.querySelector('#board');
    const boardShare = board ? board.getBoundingClientRect().width / window.innerWidth : null;
    const navigation = performance.getEntriesByType('navigation')[0];
    const css = performance.getEntriesByType('resource').find((r) => r.name.includes('/static/kith.'));
    return {
      oneRow,
      boardShare,
      documentBytes: navigation ? navigation.transferSize : 0,
      cssBytes: css ? css.encodedBodySize : 0,
    };
  });
  if (!desktop.oneRow) layoutProblems.push(`${where}: at ${DESKTOP.width} px the header takes more than one row`);
  if (desktop.boardShare !== null && desktop.boardShare < 0.6) {
    layoutProblems.push(`${where}: at ${DESKTOP.width} px the board spans only ${Math.round(desktop.boardShare * 100)} % of the width`);
  }
  const bytes = desktop.documentBytes + desktop.cssBytes;
  weights.push({ where, bytes, ...desktop });
  if (desktop.documentBytes === 0) layoutProblems.push(`${where}: the browser reported no transfer size`);
  if (bytes > PAGE_BUDGET_BYTES) {
    layoutProblems.push(`${where}: ${bytes} bytes transferred with the stylesheet, over ${PAGE_BUDGET_BYTES}`);
  }
  await page.setViewportSize(SMALLEST);
  const [sideways, culprits] = await page.evaluate(() => {
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(-3)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''}`);
    return [document.documentElement.scrollWidth - window.innerWidth, wide];
  });
  if (sideways > 0) {
    layoutProblems.push(`${where}: at ${SMALLEST.width} px the page scrolls ${sideways} px sideways (${culprits.join(', ')})`);
  }
  await page.setViewportSize(DESKTOP);
}

// Full-page pictures at a phone's and a desktop's width, for a reviewer.
const SHOTS_DIR = process.env.KITH_SCREENSHOTS_DIR || null;
const photographs = [];

async function photograph(page, name) {
  if (!SHOTS_DIR) return;
  mkdirSync(SHOTS_DIR, { recursive: true });
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    const file = join(SHOTS_DIR, `${name}-${size.width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    photographs.push(file);
  }
  await page.setViewportSize(DESKTOP);
}

// ---------------------------------------------------------------------------
// Running it.

async function main() {
  const started = Date.now();
  const watchdog = setTimeout(() => {
    console.error(`story: still running after ${TIMEOUT_SECONDS} s; giving up`);
    process.exit(3);
  }, TIMEOUT_SECONDS * 1000);
  watchdog.unref();

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

  const problems = [];
  const offSite = [];
  const shots = mkdtempSync(join(tmpdir(), 'kith-story-'));

  async function newPage() {
    // Kith's Content-Security-Policy allows no scripts at all, so axe-core
    // can be injected only with the policy bypassed in the test browser.
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB', viewport: DESKTOP });
    context.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
    // Nothing may load from another host.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === ORIGIN) return route.continue();
      offSite.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('response', (response) => {
      const request = response.request();
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
        lastStatus.set(page, response.status());
      }
    });
    page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${firstLine(error)}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
    });
    return page;
  }

  const results = [];
  let failed = false;
  try {
    const scratch = await newPage();
    await checkTheChecker(scratch);
    await scratch.context().close();
    openDevice = newPage;
    for (const who of everyone) who.page = await newPage();
    for (const [index, [name, run]] of steps.entries()) {
      const n = index + 1;
      if (failed) {
        results.push({ n, name, outcome: 'not run' });
        continue;
      }
      const t0 = Date.now();
      try {
        await run();
        const ms = Date.now() - t0;
        results.push({ n, name, outcome: 'ok', ms });
        console.log(`step ${n}: ${name} … ok (${ms} ms)`);
      } catch (error) {
        failed = true;
        const ms = Date.now() - t0;
        results.push({ n, name, outcome: 'FAILED', ms });
        console.log(`step ${n}: ${name} … FAILED (${ms} ms)`);
        console.log(`  ${plain(error).split('\n').slice(0, 8).join('\n  ')}`);
        for (const who of everyone) {
          if (!who.page || who.page.url() === 'about:blank') continue;
          const file = join(shots, `${who.name.replace(/\W+/g, '-')}.png`);
          try {
            await who.page.screenshot({ path: file, fullPage: true });
            console.log(`  ${who.name} was on ${who.page.url()} (screenshot: ${file})`);
          } catch {
            // A page that cannot be photographed says nothing more.
          }
        }
      }
    }
  } finally {
    await browser.close();
  }

  problems.push(...layoutProblems);
  if (offSite.length > 0) {
    problems.push(...offSite.map((url) => `a page asked for something from another host: ${url}`));
  }

  console.log('\nSteps:');
  for (const r of results) {
    console.log(`  step ${r.n}: ${r.name} … ${r.outcome}`);
  }

  console.log('\nPages checked with axe-core (light and dark colours):');
  for (const c of checked) {
    console.log(`  ${c.count === 0 ? 'ok  ' : 'FAIL'} ${c.page}  (${c.label})${c.count ? `: ${c.count} serious or critical` : ''}`);
  }

  if (minor.size > 0) {
    console.log('\nMinor or moderate accessibility findings (not failing the story):');
    for (const [key, v] of minor) {
      console.log(`  ${key} [${v.colorScheme}]: ${v.help}`);
      for (const node of v.nodes) console.log(`      ${node.target}`);
    }
  }

  if (violations.length > 0) {
    console.log('\nSerious or critical accessibility violations:');
    for (const v of violations) {
      console.log(`  ${v.page} (${v.label}, ${v.colorScheme} colours): ${v.id} [${v.impact}] ${v.help}`);
      console.log(`    ${v.helpUrl}`);
      for (const node of v.nodes) {
        console.log(`    - ${node.target}`);
        for (const line of node.summary.split('\n')) if (line.trim()) console.log(`        ${line.trim()}`);
      }
    }
  }

  if (weights.length > 0) {
    const heaviest = weights.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    console.log(`\nHeaviest page: ${heaviest.where}, ${heaviest.documentBytes} + ${heaviest.cssBytes} bytes (page + stylesheet), budget ${PAGE_BUDGET_BYTES}`);
  }
  if (photographs.length > 0) {
    console.log(`\nScreenshots (${photographs.length}) in ${SHOTS_DIR}`);
  }

  if (problems.length > 0) {
    console.log('\nOther problems:');
    for (const p of problems) console.log(`  ${p}`);
  }

  const passed = results.filter((r) => r.outcome === 'ok').length;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nSteps: ${passed} of ${steps.length} ok; pages checked: ${checked.length}; serious or critical violations: ${violations.length}; other problems: ${problems.length}; ${seconds} s`);
  const ok = !failed && violations.length === 0 && problems.length === 0;
  console.log(ok ? 'The story passed.' : 'The story FAILED.');
  process.exitCode = ok ? 0 : 1;
}

// An error's stack, without the terminal colours Playwright puts in.
function plain(error) {
  return String(error && error.stack ? error.stack : error).replace(/\x1b\[[0-9;]*m/g, '');
}

main().catch((error) => {
  console.error(`story: ${plain(error)}`);
  process.exit(1);
});
