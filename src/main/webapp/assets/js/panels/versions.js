// The config version timeline: every version, newest first, with its strategy, run period and outcome.

import { agentPath, get } from '../api.js';
import { $, el, utc } from '../format.js';
import { CONFIG_CHANGED, LIFECYCLE_CHANGED } from '../page.js';

async function load() {
    const versions = await get(agentPath('/config/versions'));
    $('versions').replaceChildren(...versions.map((v) => el('li', { class: `version outcome-${v.outcome}`, dataset: { id: v.id } },
        el('div', { class: 'entry-head' },
            el('span', { class: 'mono', text: v.id }),
            el('span', { class: `chip chip-${v.outcome === 'running' ? 'good' : v.outcome === 'superseded' ? 'neutral' : 'bad'}`,
                text: v.outcome })),
        el('p', { text: v.params_summary }),
        el('p', { class: 'small version-strategy', text: `strategy ${v.strategy.name}` }),
        el('p', { class: 'muted small',
            text: `${utc(v.run_period && v.run_period.from)} → ${v.run_period && v.run_period.to ? utc(v.run_period.to) : 'now'}` }))));
}

export default {
    id: 'versions',
    failsInto: '#versions',
    // a kill switch or a demotion ends the running version
    events: [CONFIG_CHANGED, LIFECYCLE_CHANGED],
    load,
    catchUp: load,
    onEvent() {
        return load();
    },
};
