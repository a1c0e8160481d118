// The Strategy panel: a spec edited as JSON or YAML (prefilled with the running one) and run as a backtest on the
// server, which is the only validator: a refusal is shown with the field it names highlighted in the text. The run
// is polled to its end; then its metrics in and out of sample, the gate's verdict and its equity curve (chart.js),
// the running strategy's metrics on the same window beside them on demand, and attaching it to the agent after a
// confirmation — a second one, with a box to tick, to force it past a gate it did not pass. Only where the server
// documents POST /backtests.

import { call, get, refusedField } from '../api.js';
import { EquityChart } from '../chart.js';
import { ask, renderRefusal } from '../dialogs.js';
import { $, el, fraction, utc } from '../format.js';
import { CONFIG_LOADED, saveConfigVersion } from '../page.js';

const POLL_MS = 500;
const CURVE_PAGE = 500;
const FINISHED = ['done', 'failed', 'cancelled'];
const WINDOW_DAYS = 7;
/** The inputs beside the spec, by the request field a refusal names. */
const WINDOW_FIELDS = ['tokens', 'from', 'to', 'resolution'];
const PARTS = [['in_sample', 'In sample'], ['out_of_sample', 'Out of sample'], ['whole', 'Whole']];
/**
 * A figure as the API wrote it: money stays its decimal, never recomputed. The browser would write one under 1e-6
 * in exponent form; that is written out to the API's eight places instead.
 */
function asWritten(value) {
    if (value === null || value === undefined) {
        return '—';
    }
    const text = String(value);
    return text.includes('e') ? Number(value).toFixed(8).replace(/\.?0+$/, '') : text;
}
const METRICS = [
    ['trades', 'Trades', asWritten],
    ['win_rate', 'Win rate', fraction],
    ['expectancy', 'Expectancy (USDT)', asWritten],
    ['total_return', 'Total return', fraction],
    ['max_drawdown', 'Max drawdown', fraction],
    ['sharpe', 'Sharpe', asWritten],
    ['sortino', 'Sortino', asWritten],
    ['profit_factor', 'Profit factor', asWritten],
    ['fees_paid', 'Fees (USDT)', asWritten],
    ['exposure', 'Exposure', fraction],
    ['ending_equity', 'Ending equity (USDT)', asWritten],
];

let chart = null;
let edited = false; // the trader has changed the spec: a config read again no longer replaces it
let followed = null; // the id of the run being polled; anything else stops the polling
let candidate = null; // the done run of the edited spec
let running = null; // the running strategy's done run on the candidate's window

const specText = () => $('strategy-spec').value;
const isYaml = (text) => !text.trim().startsWith('{');
const form = () => $('strategy-form');

/** The prefill: the running strategy, its name, and the watchlist as the tokens, unless the trader changed them. */
function showConfig(ctx) {
    const config = ctx.data.config;
    if (!config) {
        return;
    }
    $('strategy-current').textContent = config.strategy.name;
    if (!edited) {
        $('strategy-spec').value = JSON.stringify(config.strategy, null, 2);
        showFormat();
    }
    if (!form().elements.tokens.value) {
        form().elements.tokens.value = config.watchlist.join(', ');
    }
}

function showFormat() {
    $('strategy-format').textContent = isYaml(specText()) ? 'YAML' : 'JSON';
}

/** The window fields of the request, as the form holds them (tokens left empty: the server takes the watchlist). */
function windowOf() {
    const fields = form().elements;
    const tokens = fields.tokens.value.split(/[\s,]+/).filter(Boolean);
    return {
        ...(tokens.length ? { tokens } : {}),
        from: `${fields.from.value}T00:00:00Z`,
        to: `${fields.to.value}T00:00:00Z`,
        resolution: fields.resolution.value,
    };
}

/**
 * The POST /backtests body and its type: JSON around the parsed spec, or YAML with the spec's text indented under
 * strategy_spec (the server reads the YAML; the window fields are written as JSON, which YAML reads as well).
 */
function requestOf(text) {
    const window = windowOf();
    if (!isYaml(text)) {
        return [{ strategy_spec: JSON.parse(text), ...window }, 'application/json'];
    }
    const spec = text.split('\n').map((line) => `  ${line}`).join('\n');
    const fields = Object.entries(window).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
    return [`strategy_spec:\n${spec}\n${fields.join('\n')}\n`, 'application/yaml'];
}

/** Where a field's path ends in the spec's text, JSON or YAML (key by key, the n-th one after an [n]); -1 if not. */
function offsetOf(text, path) {
    let at = -1;
    let skip = 0;
    for (const [, key, index] of path.matchAll(/(\w+)(?:\[(\d+)\])?/g)) {
        const pattern = new RegExp(`(?:^|[\\s{,])"?${key}"?\\s*:`, 'gm');
        pattern.lastIndex = Math.max(at, 0);
        let match = null;
        for (let n = 0; n <= skip; n++) {
            match = pattern.exec(text);
            if (!match) {
                return at;
            }
        }
        at = match.index + match[0].length;
        skip = index ? Number(index) : 0;
    }
    return at;
}

/** Selects the line of the spec a field's path ends on, and returns its number; null where it is not found. */
function highlight(field) {
    const spec = $('strategy-spec');
    const text = spec.value;
    const at = field ? offsetOf(text, field) : -1;
    if (at < 0) {
        return null;
    }
    const start = text.lastIndexOf('\n', at - 1) + 1;
    const end = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
    spec.focus();
    spec.setSelectionRange(start, end);
    return text.slice(0, at).split('\n').length;
}

function clearRefusal() {
    const box = $('strategy-error');
    box.hidden = true;
    box.replaceChildren();
    box.dataset.code = '';
    form().querySelectorAll('[aria-invalid]').forEach((node) => node.removeAttribute('aria-invalid'));
}

/** A refusal of the run: plain words, the field it names (highlighted where it is), the server's own message. */
function showRefusal(error) {
    const field = error.code === 'UNKNOWN_TOKEN' ? 'tokens' : refusedField(error);
    const target = WINDOW_FIELDS.includes(field) ? form().elements[field] : $('strategy-spec');
    const box = $('strategy-error');
    const line = field && target.id === 'strategy-spec' ? highlight(field) : null;
    renderRefusal(box, error, field && el('p', {}, 'Field ',
        el('code', { id: 'strategy-field', class: 'mono', text: field }), line ? ` (line ${line})` : null));
    if (error.status === 400) {
        target.setAttribute('aria-invalid', 'true');
        if (target !== document.activeElement) {
            target.focus();
        }
    }
}

/** JSON the browser cannot parse, refused before anything is sent (YAML is left to the server). */
function showUnreadable(error) {
    showRefusal({ message: `The spec is not valid JSON: ${error.message}`, code: null, status: 400 });
}

/** Polls a run every POLL_MS until it finishes; null when another run (or none) is followed meanwhile. */
async function follow(id, label) {
    followed = id;
    $('strategy-run-state').dataset.backtestId = id;
    $('strategy-run-label').textContent = `${label} ${id}`;
    $('strategy-run-state').hidden = false;
    for (;;) {
        const run = await get(`backtests/${id}`);
        if (followed !== id) {
            return null;
        }
        showProgress(run, label);
        if (FINISHED.includes(run.status)) {
            followed = null;
            return run;
        }
        await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
        if (followed !== id) {
            return null;
        }
    }
}

function showProgress(run, label) {
    const status = $('strategy-status');
    status.textContent = run.status;
    status.dataset.status = run.status;
    status.className = `chip chip-${{ done: 'good', failed: 'bad', cancelled: 'neutral' }[run.status] || 'info'}`;
    $('strategy-progress').value = Number(run.progress);
    $('strategy-cancel').hidden = FINISHED.includes(run.status);
    $('strategy-run-label').textContent = `${label} ${run.backtest_id}${run.reason ? `: ${run.reason}` : ''}`;
}

async function runBacktest(ctx) {
    clearRefusal();
    let request;
    try {
        request = requestOf(specText());
    } catch (e) {
        showUnreadable(e);
        return;
    }
    let queued;
    try {
        queued = await call('POST', 'backtests', ...request);
    } catch (e) {
        showRefusal(e);
        return;
    }
    candidate = null;
    running = null;
    $('strategy-result').hidden = true;
    $('strategy-refusal').hidden = true;
    const run = await follow(queued.backtest_id, 'Backtest');
    if (run && run.status === 'done') {
        candidate = run;
        await showResult();
    }
}

async function compareWithRunning(ctx) {
    const run = candidate;
    $('strategy-compare').disabled = true;
    try {
        const body = { strategy_spec: ctx.data.config.strategy, tokens: run.tokens, from: run.from, to: run.to,
            resolution: run.resolution, starting_equity: run.starting_equity, source: run.source,
            ...(run.source === 'simulated' ? { seed: run.seed } : {}) };
        const queued = await call('POST', 'backtests', body);
        const done = await follow(queued.backtest_id, `Running strategy (${ctx.data.config.strategy.name})`);
        if (done && done.status === 'done' && candidate === run) {
            running = done;
            showMetrics();
        }
    } catch (e) {
        ctx.notify(e.message, 'error', e.serverMessage);
    } finally {
        $('strategy-compare').disabled = false;
    }
}

async function showResult() {
    const run = candidate;
    const gate = run.metrics.gate;
    const verdict = $('strategy-gate');
    verdict.textContent = run.passed_gate ? 'Passed the gate' : 'Did not pass the gate';
    verdict.className = `chip chip-${run.passed_gate ? 'good' : 'bad'}`;
    verdict.dataset.passed = String(run.passed_gate);
    $('strategy-gate-note').textContent = `${run.strategy_name}, ${run.tokens.join(', ')}, ${run.resolution} bars; `
        + `out of sample from ${utc(run.metrics.split_at)}, at least ${gate.trades_required} trades required.`;
    $('strategy-gate-reasons').replaceChildren(...gate.reasons.map((r) => el('li', { class: 'error', text: r })));
    $('strategy-result').dataset.backtestId = run.backtest_id;
    $('strategy-result').hidden = false;
    showMetrics();
    if (!chart) {
        chart = new EquityChart($('strategy-chart'), 'Backtest');
    }
    const points = await curve(run.backtest_id);
    if (candidate === run) {
        chart.load(points);
        $('strategy-chart').dataset.points = String(points.length);
    }
}

/** Every point of a run's equity curve, page by page. */
async function curve(id) {
    const points = [];
    for (;;) {
        const after = points.length ? points[points.length - 1].seq : 0;
        const page = await get(`backtests/${id}/equity?limit=${CURVE_PAGE}&after=${after}`);
        points.push(...page);
        if (page.length < CURVE_PAGE) {
            return points;
        }
    }
}

/** The candidate's metrics per part, and the running strategy's beside them once it has run. */
function showMetrics() {
    const runs = [['candidate', `Candidate: ${candidate.strategy_name}`, candidate]];
    if (running) {
        runs.push(['running', `Running: ${running.strategy_name}`, running]);
    }
    $('strategy-metrics').querySelector('thead').replaceChildren(
        el('tr', {}, el('td'), ...runs.map(([, title]) => el('th', { scope: 'colgroup', colspan: String(PARTS.length), text: title }))),
        el('tr', {}, el('th', { scope: 'col', text: 'Metric' }),
            ...runs.flatMap(() => PARTS.map(([, name]) => el('th', { scope: 'col', class: 'num', text: name })))));
    $('strategy-metrics').querySelector('tbody').replaceChildren(...METRICS.map(([key, name, shown]) =>
        el('tr', { dataset: { metric: key } }, el('th', { scope: 'row', text: name }),
            ...runs.flatMap(([who, , run]) => PARTS.map(([part]) => el('td',
                { class: 'num', dataset: { run: who, part }, text: shown(run.metrics[part][key]) }))))));
}

/** Attaches the candidate's spec through its backtest id, confirmed first; `force` past a gate it did not pass. */
function attach(ctx, force) {
    const run = candidate;
    ask({
        title: force ? 'Attach anyway (force)' : 'Attach the strategy',
        paragraphs: [
            `Attach ${run.strategy_name}, as backtest ${run.backtest_id} ran it: it ${run.passed_gate ? 'passed'
                : 'did not pass'} the gate.`,
            'This creates a config version that trades with this strategy. The current one retires with its record, '
            + 'and a fresh evaluation window starts.',
            ...(force ? [{ warn: true, text: 'Warning: nothing shows this spec clears the gate. It trades on paper '
                + 'first; the Risk Engine and the signer\'s caps still apply.' }] : []),
        ],
        acknowledge: force ? 'I have reviewed this backtest myself and accept that it did not pass the gate.' : null,
        label: force ? 'Attach anyway' : 'Attach',
        danger: force,
        action: async () => {
            try {
                await saveConfigVersion(ctx, 'PATCH', '/config', { backtest_id: run.backtest_id, ...(force ? { force } : {}) });
                $('strategy-refusal').hidden = true;
            } catch (e) {
                if (e.code === 'GATE_NOT_PASSED') {
                    $('strategy-refusal-text').textContent = `${e.message} Server said: ${e.serverMessage}`;
                    $('strategy-refusal').hidden = false;
                }
                throw e; // the dialog shows it too
            }
        },
    });
}

export default {
    id: 'strategy',
    late: true, // renders from the config the evaluation-config panel reads
    events: [CONFIG_LOADED],
    init(ctx) {
        const offered = ctx.has('post', '/backtests') && ctx.has('get', '/backtests/{backtest_id}');
        $('strategy-controls').hidden = !offered;
        $('strategy-unavailable').hidden = offered;
        $('strategy-attach').hidden = !ctx.has('patch', '/agents/{id}/config');
        const day = (offset) => new Date(Date.now() - offset * 86400000).toISOString().slice(0, 10);
        form().elements.to.value = day(0);
        form().elements.from.value = day(WINDOW_DAYS);
        $('strategy-spec').addEventListener('input', () => {
            edited = true;
            showFormat();
        });
        form().addEventListener('input', clearRefusal);
        form().addEventListener('submit', (event) => {
            event.preventDefault();
            if (form().reportValidity()) {
                runBacktest(ctx).catch((e) => ctx.notify(e.message, 'error', e.serverMessage));
            }
        });
        $('strategy-cancel').addEventListener('click', () => {
            if (followed) {
                call('POST', `backtests/${followed}/cancel`).catch((e) => ctx.notify(e.message, 'error', e.serverMessage));
            }
        });
        $('strategy-compare').addEventListener('click', () => compareWithRunning(ctx));
        $('strategy-attach').addEventListener('click', () => attach(ctx, false));
        $('strategy-force').addEventListener('click', () => attach(ctx, true));
    },
    load(ctx) {
        showConfig(ctx);
    },
    onEvent(e, ctx) {
        showConfig(ctx);
        return null;
    },
};
