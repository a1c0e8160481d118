// The dashboard's start: the login where the server asks for one, then every panel (registry.js, one module each
// under panels/) loads through REST, and the WebSocket keeps them live; after a reconnection each panel catches up
// through REST on whatever the socket missed.

import { AGENT, capabilities, signIn } from './api.js';
import { setupActions } from './actions.js';
import { setupDialogs } from './dialogs.js';
import { $ } from './format.js';
import { notify } from './page.js';
import { catchUp, createContext, loadAll } from './registry.js';
import { Stream } from './stream.js';

function renderConnection(kind, attempt, reason, at) {
    const node = $('connection');
    node.dataset.state = kind;
    node.className = `conn conn-${kind}`;
    if (kind === 'open') {
        node.textContent = 'Live';
    } else if (kind === 'connecting') {
        node.textContent = attempt ? `Reconnecting (try ${attempt + 1})…` : 'Connecting…';
    } else if (kind === 'waiting') {
        const secs = Math.max(1, Math.round((at - Date.now()) / 1000));
        node.textContent = `Disconnected — retrying in ${secs} s`;
    } else if (kind === 'refused') {
        node.textContent = `Refused: ${reason || 'unknown agent'}`;
    }
}

async function start() {
    await signIn($('dlg-login'), $('login-form'), $('login-token'), $('login-error'));
    const ctx = createContext(await capabilities());
    setupDialogs();
    setupActions(ctx);
    await loadAll(ctx);
    document.body.dataset.loaded = 'true';

    new Stream(AGENT, {
        onEvent: (event) => { ctx.announce(event).catch(() => {}); },
        onState: (kind, attempt, reason, at) => {
            renderConnection(kind, attempt, reason, at);
            if (kind === 'waiting') {
                const tick = setInterval(() => {
                    if ($('connection').dataset.state !== 'waiting') {
                        clearInterval(tick);
                    } else {
                        renderConnection(kind, attempt, reason, at);
                    }
                }, 1000);
            }
        },
        onReconnect: () => catchUp(ctx),
    }).start();
}

start().catch((e) => notify(`The dashboard could not start: ${e.message}`, 'error'));
