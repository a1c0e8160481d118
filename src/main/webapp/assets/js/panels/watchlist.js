// The watchlist: the tokens watched now among the candidates ranked by the server (setup, liquidity, spread), and
// saving a new choice as a new config version (which also sets the signer's allowlist) after a confirmation.

import { agentPath, get } from '../api.js';
import { ask } from '../dialogs.js';
import { $, el } from '../format.js';
import { CONFIG_CHANGED, saveConfigVersion } from '../page.js';

async function load() {
    const [watchlist, candidates] = await Promise.all([get(agentPath('/watchlist')), get(agentPath('/watchlist/candidates'))]);
    const chosen = new Set(watchlist.tokens);
    const rows = candidates.map((c) => candidateItem(c, chosen.has(c.token)));
    for (const token of watchlist.tokens) {
        if (!candidates.some((c) => c.token === token)) {
            rows.push(candidateItem({ token, rank: null, score: null, reason: 'Not ranked right now.' }, true));
        }
    }
    $('candidates').replaceChildren(...rows);
    $('watch-count').textContent = `${watchlist.tokens.length} watched`;
    $('watching').textContent = watchlist.tokens.map((t) => `${t}/USDT`).join(', ');
}

function candidateItem(c, checked) {
    const id = `cand-${c.token}`;
    return el('li', { class: 'candidate' },
        el('input', { type: 'checkbox', id, name: 'token', value: c.token, checked }),
        el('label', { for: id },
            el('span', { class: 'cand-token', text: `${c.rank ? `#${c.rank} ` : ''}${c.token}/USDT` }),
            c.score !== null ? el('meter', { min: '0', max: '1', value: String(c.score), 'aria-label': `score ${c.score}` }) : null,
            c.score !== null ? el('span', { class: 'mono small', text: Number(c.score).toFixed(2) }) : null),
        el('p', { class: 'muted small', text: c.reason }));
}

function save(ctx) {
    const tokens = [...$('watch-form').querySelectorAll('input[name=token]:checked')].map((i) => i.value);
    if (tokens.length < 1 || tokens.length > 20) {
        ctx.notify('Pick between 1 and 20 tokens (3–5 are recommended).', 'error');
        return;
    }
    ask({
        title: 'New watchlist',
        paragraphs: [`Watch ${tokens.map((t) => `${t}/USDT`).join(', ')}.`,
            'This creates a new config version and sets the signer\'s allowlist to match, with no restart.'],
        label: 'Save watchlist',
        action: () => saveConfigVersion(ctx, 'PUT', '/watchlist', { tokens }),
    });
}

export default {
    id: 'watchlist',
    failsInto: '#candidates',
    events: [CONFIG_CHANGED],
    init(ctx) {
        $('watch-form').addEventListener('submit', (event) => {
            event.preventDefault();
            save(ctx);
        });
    },
    load,
    onEvent() {
        return load();
    },
};
