// The risk desk's blocked orders, in two lists: the Risk Engine's (policy) and the signer's (TWAK). Both come from
// GET …/risk/blocks; risk_veto and twak_block events add to them as they happen.

import { agentPath, get } from '../api.js';
import { $, el, ruleName, utc } from '../format.js';

function item(b) {
    return el('li', { class: 'block', dataset: { layer: b.layer || '' } },
        el('div', { class: 'entry-head' },
            el('span', { class: `chip chip-${b.layer === 'twak' ? 'bad' : 'warn'}`, text: ruleName(b.rule) }),
            el('time', { datetime: b.ts, text: utc(b.ts) }),
            b.pair ? el('span', { class: 'muted', text: b.pair }) : null),
        el('p', { text: b.reason }),
        b.order_ref ? el('span', { class: 'muted mono small', text: b.order_ref }) : null);
}

function sayIfEmpty(list, words) {
    if (!list.children.length) {
        list.append(el('li', { class: 'muted empty', text: words }));
    }
}

async function load() {
    const blocks = await get(agentPath('/risk/blocks'));
    const newestFirst = [...blocks].reverse();
    $('policy-blocks').replaceChildren(...newestFirst.filter((b) => b.layer !== 'twak').slice(0, 50).map(item));
    $('twak-blocks').replaceChildren(...newestFirst.filter((b) => b.layer === 'twak').slice(0, 50).map(item));
    sayIfEmpty($('policy-blocks'), 'No order blocked by the Risk Engine.');
    sayIfEmpty($('twak-blocks'), 'No transaction refused by the signer.');
}

function prepend(list, block) {
    list.querySelector('.empty')?.remove();
    const node = item(block);
    node.classList.add('fresh');
    list.prepend(node);
}

export default {
    id: 'blocks',
    failsInto: '#policy-blocks',
    events: ['risk_veto', 'twak_block'],
    load,
    catchUp: load,
    onEvent(e) {
        if (e.event === 'risk_veto') {
            prepend($('policy-blocks'), { ...e, layer: 'policy' });
        } else {
            prepend($('twak-blocks'), { ...e, layer: 'twak' });
        }
        return null;
    },
};
