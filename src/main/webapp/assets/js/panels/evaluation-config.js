// The evaluation config: the running config version, its evaluation config in a form with the server's presets
// (GET …/config/presets) or custom values, and saving it as a new version after a confirmation. The config read
// here (GET …/config) is also what the signer and the road to live render from.

import { agentPath, get } from '../api.js';
import { ask } from '../dialogs.js';
import { $ } from '../format.js';
import { CONFIG_CHANGED, CONFIG_LOADED, saveConfigVersion } from '../page.js';

/** The evaluation presets, as the server defines them: name → evaluation config. */
const PRESETS = {};
const FIELDS = ['max_drawdown_pct', 'daily_drawdown_pct', 'max_consecutive_losses', 'eval_window_days', 'trade_floor'];

async function loadPresets() {
    for (const preset of await get(agentPath('/config/presets'))) {
        PRESETS[preset.name] = preset.evaluation_config;
    }
}

async function load(ctx) {
    ctx.data.config = await get(agentPath('/config'));
    $('config-version').textContent = ctx.data.config.config_version_id;
    fill(ctx.data.config.evaluation_config);
    ctx.announce({ event: CONFIG_LOADED });
}

function presetOf(values) {
    return Object.keys(PRESETS).find((name) => FIELDS.every((f) => Number(PRESETS[name][f]) === Number(values[f])))
        || 'custom';
}

function fill(values) {
    const form = $('evalcfg-form');
    for (const f of FIELDS) {
        form.elements[f].value = values[f];
    }
    form.querySelector(`input[name=preset][value=${presetOf(values)}]`).checked = true;
}

function formValues() {
    const form = $('evalcfg-form');
    const values = {};
    for (const f of FIELDS) {
        values[f] = Number(form.elements[f].value);
    }
    return values;
}

function save(ctx) {
    const values = formValues();
    const preset = presetOf(values);
    const body = preset === 'custom' ? { evaluation_config: values } : { preset };
    const summary = Object.entries(values).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', ');
    ask({
        title: 'New evaluation config',
        paragraphs: [`${preset === 'custom' ? 'Custom' : `Preset ${preset}`}: ${summary}.`,
            'This creates a new config version. The current one retires with its record, and the evaluation '
            + 'window starts again from today.'],
        label: 'Create version',
        action: () => saveConfigVersion(ctx, 'PATCH', '/config', body),
    });
}

export default {
    id: 'evaluation-config',
    failsInto: '#evalcfg-form',
    events: [CONFIG_CHANGED],
    async init(ctx) {
        const form = $('evalcfg-form');
        form.addEventListener('change', (event) => {
            if (event.target.name === 'preset' && PRESETS[event.target.value]) {
                for (const f of FIELDS) {
                    form.elements[f].value = PRESETS[event.target.value][f];
                }
            }
        });
        form.addEventListener('input', (event) => {
            if (FIELDS.includes(event.target.name)) {
                form.querySelector(`input[name=preset][value=${presetOf(formValues())}]`).checked = true;
            }
        });
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            if (form.reportValidity()) {
                save(ctx);
            }
        });
        await loadPresets().catch(() => ctx.notify('The evaluation presets could not be read; custom values still work.',
            'error'));
    },
    load,
    onEvent(e, ctx) {
        return load(ctx);
    },
};
