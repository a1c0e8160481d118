// The REST side of the dashboard: one fetch helper, the server's error codes in plain words, and which endpoints
// this server offers (read from its own OpenAPI description, so the page never asks for a path that is not there:
// Chromium logs every 4xx answer to fetch() as a console error).

export const AGENT = 'current';

/** An API answer that was not 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
    constructor(status, code, serverMessage, body) {
        super(plainWords(code, serverMessage, status, body));
        this.status = status;
        this.code = code;
        this.serverMessage = serverMessage;
        this.body = body;
    }
}

const WORDS = {
    NOT_ELIGIBLE: 'The agent has not earned ELIGIBLE yet: not every evaluation objective is met. '
        + 'Review the record, or use Force promote if you have checked it yourself.',
    ALREADY_LIVE: 'The agent is already live on BSC; there is nothing to promote.',
    SIGNER_REVOKED: 'Signing is revoked (the kill switch was used). Re-provision the signing session before going live.',
    LOCKED: 'Live trading is locked after a drawdown breach. Promotion opens again when the lock ends.',
    NOT_LIVE: 'The agent is not live, so there is nothing to demote.',
    VALIDATION_FAILED: 'The server did not accept a value.',
    MALFORMED_JSON: 'The page sent something the server could not read. Reload the page and try again.',
    UNKNOWN_TOKEN: 'One of the tokens is not supported on BNB Smart Chain here.',
    AGENT_NOT_FOUND: 'The agent was not found on this server.',
    NOT_FOUND: 'This server does not offer that action yet.',
    METHOD_NOT_ALLOWED: 'This server does not offer that action yet.',
    EQUITY_UNKNOWN: 'Equity cannot be valued right now (a held token has no price); it will be back shortly.',
    INTERNAL_ERROR: 'The server hit an unexpected error.',
    NETWORK: 'Halyrd did not answer. Is it still running on this machine?',
    UNAUTHORIZED: 'This Halyrd needs its API token: log in again.',
    ORIGIN_REJECTED: 'The server refused a request from this page\'s address. Open the dashboard at the address Halyrd printed.',
    HOST_REJECTED: 'The server does not answer to this address. Open the dashboard at http://127.0.0.1:<port>/.',
    UNSUPPORTED_MEDIA_TYPE: 'The page sent something the server could not read. Reload the page and try again.',
    PAYLOAD_TOO_LARGE: 'That is more than the server accepts in one request.',
    MALFORMED_YAML: 'The strategy spec is not valid YAML.',
    MARKET_MODE_MISMATCH: 'A short signal cannot run in spot mode, which is long-only (buy with USDT, sell back to '
        + 'USDT). Remove the short signal.',
    BACKTEST_NOT_FOUND: 'That backtest was not found on this server.',
    BACKTEST_FINISHED: 'The backtest has already finished; there is nothing to cancel.',
    GATE_NOT_PASSED: 'The strategy is not attached: no backtest of exactly this spec has passed the gate. '
        + 'Review the unmet criteria, or attach it anyway if you have checked it yourself.',
};

export function plainWords(code, serverMessage, status, body) {
    let words = WORDS[code];
    if (!words) {
        words = status >= 500 ? 'The server hit an unexpected error.' : 'The server refused the request.';
    }
    if (code === 'INTERNAL_ERROR' && body && body.correlation_id) {
        words += ` Quote ${body.correlation_id} when reporting it.`;
    }
    return words;
}

/** A request; the body is sent as JSON, or as the text it is when another type is named (a YAML spec). */
/**
 * The field a VALIDATION_FAILED or MARKET_MODE_MISMATCH refusal names, by its path ("signals.entry.all_of[1].op"):
 * the server's message starts with it ("params.position_size_pct: must be …"); null when it names none.
 */
export function refusedField(error) {
    const named = /^([A-Za-z_]\w*(?:\[\d+\])*(?:\.[A-Za-z_]\w*(?:\[\d+\])*)*): /.exec(error.serverMessage || '');
    return ['VALIDATION_FAILED', 'MARKET_MODE_MISMATCH'].includes(error.code) && named ? named[1] : null;
}

export async function call(method, path, body, type = 'application/json', headers = {}) {
    const init = { method, headers: { ...headers, Accept: 'application/json' } };
    if (body !== undefined) {
        init.headers['Content-Type'] = type;
        init.body = type === 'application/json' ? JSON.stringify(body) : body;
    }
    let response;
    try {
        response = await fetch(path, init);
    } catch (e) {
        throw new ApiError(0, 'NETWORK', String(e.message || e), null);
    }
    const text = await response.text();
    let json = null;
    if (text) {
        try {
            json = JSON.parse(text);
        } catch (e) {
            json = null;
        }
    }
    if (response.status === 401 && path !== SESSION && !reloading) {
        // The session ended (expired, or the server restarted): start over at the login.
        reloading = true;
        window.location.reload();
    }
    if (!response.ok) {
        const code = json && json.error ? json.error : `HTTP_${response.status}`;
        const message = json && json.message ? json.message : response.statusText;
        throw new ApiError(response.status, code, message, json);
    }
    return json;
}

export const get = (path) => call('GET', path);

const SESSION = 'auth/session';
let reloading = false;

/**
 * In token mode, asks once for the API token before anything else is loaded (in hosted mode, for a JWT: it goes as
 * the login's bearer token too, where the server verifies it): the server answers with an HttpOnly session cookie,
 * which every later request and the socket carry by themselves. Without either mode, nothing to do.
 */
export async function signIn(dialog, form, input, error) {
    const session = await get(SESSION);
    if (!session.token_required || session.authenticated) {
        return;
    }
    // The page is useless without a session: the dialog cannot be dismissed.
    dialog.addEventListener('cancel', (event) => event.preventDefault());
    dialog.showModal();
    input.focus();
    await new Promise((resolve) => {
        form.addEventListener('submit', async (event) => {
            event.preventDefault();
            error.hidden = true;
            try {
                await call('POST', SESSION, { token: input.value }, 'application/json',
                    { Authorization: `Bearer ${input.value.trim()}` });
                input.value = '';
                dialog.close();
                resolve();
            } catch (e) {
                error.textContent = e.code === 'UNAUTHORIZED' ? e.serverMessage : e.message;
                error.hidden = false;
                input.select();
            }
        });
    });
}

/** Relative to the page, so the dashboard also works under a context path other than the root. */
export function agentPath(suffix = '') {
    return `agents/${AGENT}${suffix}`;
}

/** The server's own list of documented operations: "get /agents/{id}/evaluation", … */
export async function capabilities() {
    const ops = new Set();
    try {
        const doc = await get('openapi');
        for (const [path, item] of Object.entries(doc.paths || {})) {
            for (const method of Object.keys(item)) {
                ops.add(`${method.toLowerCase()} ${path}`);
            }
        }
    } catch (e) {
        // Without a description, assume only the endpoints every release has had.
    }
    return {
        has(method, path) {
            return ops.has(`${method.toLowerCase()} ${path}`);
        },
    };
}
