import type { ApplianceProfile } from '../../../shared/schemas/certificates.ts';
import { syncHaSslFilesCall } from '../nitro/appliance-calls.ts';
import { nitroPath, type NitroCall } from '../nitro/nitro-call.ts';
import { NITRO_ERRORCODE, NOT_FOUND_ERRORCODES } from '../nitro/nitro-errorcodes.ts';
import { loginCall, logoutCall, switchPartitionCall } from '../nitro/session-calls.ts';
import { jinja, toYaml, type YamlValue } from './ansible-yaml.ts';
import type { PushPlan } from './push-plan.ts';

/**
 * A push plan as an Ansible playbook, for teams that run changes from
 * Ansible or AWX: the same NITRO calls in the same order (login, partition
 * switch, the plan's steps, logout) with ansible.builtin.uri only. Like the
 * app's executor (plan-executor.ts), a failed step undoes the steps done
 * before it, last first, then fails that appliance; logout always runs.
 *
 * Nothing secret is written: the NITRO user and password are Ansible
 * variables (Vault), and the private key is read at run time from the file
 * the admin names in `fieldkit_key_file`. Certificates are public and travel
 * beside the playbook.
 */

export interface ExportFile {
  /** Relative to the export folder, with forward slashes. */
  name: string;
  content: string;
}

export interface AnsibleTarget {
  profile: Pick<ApplianceProfile, 'host' | 'port' | 'name' | 'trust'>;
  plan: PushPlan;
}

export const PLAYBOOK_FILE = 'playbook.yml';
export const INVENTORY_FILE = 'inventory.yml';
export const HOST_GROUP = 'fieldkit_appliances';

const PRIVATE_KEY_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const KEY_FROM_VARIABLE = jinja("{{ lookup('ansible.builtin.file', fieldkit_key_file) | b64encode }}");
const SECRET_BODY_VALUES: Record<string, ReturnType<typeof jinja>> = {
  password: jinja('{{ nitro_password }}'),
  passplain: jinja('{{ fieldkit_key_passphrase }}'),
};
/** The NITRO session timeout the app asks for at login (NitroClient's default), in seconds. */
const SESSION_TIMEOUT_SEC = 900;

type Task = Record<string, YamlValue | undefined>;

function uploadedText(call: NitroCall): string | undefined {
  const file = call.resource === 'systemfile' ? (call.body?.['systemfile'] as Record<string, unknown> | undefined) : undefined;
  const content = file?.['filecontent'];
  return typeof content === 'string' ? Buffer.from(content, 'base64').toString('latin1') : undefined;
}

/** The NITRO reply failed: an HTTP error, no answer, or an errorcode in a 200. */
function failedWhen(register: string): string {
  return `${register}.status not in [200, 201] or ((${register}.json | default({})).errorcode | default(0) | int) != 0`;
}

/** A uri task for one NITRO call; `body` replaces the call's own body when given (templated values). */
function uriTask(name: string, call: NitroCall, register: string, body?: YamlValue, extra: Record<string, YamlValue> = {}): Task {
  const uri: Record<string, YamlValue | undefined> = {
    url: jinja(`{{ nitro_url }}${nitroPath(call)}`),
    method: call.method,
    ...extra,
  };
  const payload = body ?? (call.body as YamlValue | undefined);
  // JSON only with a body: with none, uri would send "null", which NITRO refuses.
  if (payload !== undefined) Object.assign(uri, { body_format: 'json', body: payload });
  return { name, 'ansible.builtin.uri': uri, register, failed_when: jinja(failedWhen(register)) };
}

/** The call's body with secrets replaced by variables and the files by their source beside the playbook. */
function bodyFor(call: NitroCall, fileSource: (name: string) => string | undefined): { body: YamlValue | undefined; secret: boolean } {
  let secret = false;
  const walk = (value: unknown, k?: string): YamlValue => {
    if (k !== undefined && k in SECRET_BODY_VALUES && typeof value === 'string') {
      secret = true;
      return SECRET_BODY_VALUES[k]!;
    }
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([kk, v]) => [kk, walk(v, kk)]));
    }
    return value as YamlValue;
  };
  if (call.body === undefined) return { body: undefined, secret };
  const text = uploadedText(call);
  const file = call.body['systemfile'] as Record<string, unknown> | undefined;
  if (text !== undefined && file) {
    const filename = String(file['filename']);
    const isKey = PRIVATE_KEY_PEM.test(text);
    const content = isKey
      ? KEY_FROM_VARIABLE
      : jinja(`{{ lookup('ansible.builtin.file', playbook_dir ~ '/${fileSource(filename)}', rstrip=false) | b64encode }}`);
    return {
      body: { systemfile: { ...(walk({ ...file, filecontent: '' }) as Record<string, YamlValue>), filecontent: content } },
      secret: isKey,
    };
  }
  return { body: walk(call.body), secret };
}

function stepVar(i: number): string {
  return `fieldkit_step_${i + 1}`;
}

function doneCondition(i: number): string {
  return `${stepVar(i)} is defined and ${stepVar(i)} is succeeded`;
}

/** The step got no answer (timeout, cut connection): it may have taken effect, so it is undone too, as the app does. */
function uncertainCondition(i: number): string {
  return `${stepVar(i)} is defined and ${stepVar(i)} is failed and (${stepVar(i)}.status | default(-1) | int) == -1`;
}

const NOT_FOUND_LIST = `[${[...NOT_FOUND_ERRORCODES].join(', ')}]`;

/** One appliance's tasks: checks, then login → switch → steps in a block whose rescue undoes, and logout always. */
function planTasks(host: string, plan: PushPlan, fileSource: (name: string) => string | undefined): Task[] {
  const total = plan.steps.length;
  const uploadsKey = plan.steps.some((s) => {
    const text = uploadedText(s.call);
    return text !== undefined && PRIVATE_KEY_PEM.test(text);
  });
  const checks: Task[] = [];
  if (uploadsKey) {
    checks.push({
      name: `${host}: the private key file is given`,
      'ansible.builtin.assert': {
        that: ['fieldkit_key_file is defined', 'fieldkit_key_file | length > 0'],
        fail_msg: `This plan uploads the certificate's private key. Set fieldkit_key_file to the PEM key file (it may be encrypted with ansible-vault encrypt); the export never contains the key.`,
        quiet: true,
      },
    });
  }

  const login = loginCall('', '', SESSION_TIMEOUT_SEC);
  const loginBody = {
    login: { username: jinja('{{ nitro_user }}'), password: jinja('{{ nitro_password }}'), timeout: SESSION_TIMEOUT_SEC },
  };
  const block: Task[] = [
    // No session cookie yet: headers replace the module_defaults' ones. no_log hides the password, and with
    // it the reason of a failure: the next task says why, from the answer, which holds no password.
    { ...uriTask('Log in to NITRO', login, 'fieldkit_login', loginBody, { headers: {} }), failed_when: false, no_log: true },
    {
      name: 'Check the NITRO login',
      'ansible.builtin.assert': {
        that: [jinja(`not (${failedWhen('fieldkit_login')})`)],
        fail_msg: jinja(
          'The login as {{ nitro_user }} to {{ nitro_url }} failed: ' +
            "{{ (fieldkit_login.json | default({})).message | default(fieldkit_login.msg | default('no answer')) }} " +
            '(HTTP {{ fieldkit_login.status | default(-1) }}). Check nitro_user and nitro_password, and nitro_ca_path if the certificate was refused.',
        ),
        quiet: true,
      },
    },
    {
      name: 'Keep the NITRO session',
      'ansible.builtin.set_fact': { fieldkit_session: jinja('{{ fieldkit_login.json.sessionid }}') },
      no_log: true,
    },
  ];
  if (plan.partition !== 'default') {
    block.push(uriTask(`Switch to partition ${plan.partition}`, switchPartitionCall(plan.partition), 'fieldkit_partition'));
  }
  plan.steps.forEach((step, i) => {
    const { body, secret } = bodyFor(step.call, fileSource);
    const task = uriTask(`Step ${i + 1}/${total}: ${step.label}`, step.call, stepVar(i), body);
    if (secret) task['no_log'] = true;
    if (step.kind === 'save-config') {
      // Another save running: wait and retry, as the app does.
      Object.assign(task, {
        until: jinja(`((${stepVar(i)}.json | default({})).errorcode | default(0) | int) != ${NITRO_ERRORCODE.SAVE_IN_PROGRESS}`),
        retries: 5,
        delay: 2,
      });
    }
    block.push(task);
  });

  const rescue: Task[] = [];
  for (let i = plan.steps.length - 1; i >= 0; i--) {
    const step = plan.steps[i]!;
    for (const undo of step.undo) {
      const { body } = bodyFor(undo.call, fileSource);
      rescue.push(
        {
          ...uriTask(`Undo step ${i + 1}: ${undo.intent}`, undo.call, 'fieldkit_undo', body),
          when: jinja(`(${doneCondition(i)}) or (${uncertainCondition(i)})`),
          ignore_errors: true,
        },
        // For a step that got no answer, "not there" means it never took effect: nothing was left behind.
        noteNotUndone(
          undo.intent,
          `not ((${uncertainCondition(i)}) and ((fieldkit_undo.json | default({})).errorcode | default(0) | int) in ${NOT_FOUND_LIST})`,
        ),
      );
    }
  }
  const haSteps = plan.steps.flatMap((s, i) => (s.kind === 'ha-sync' ? [i] : []));
  if (haSteps.length > 0) {
    const intent = 'Copy the restored SSL files to the HA secondary';
    rescue.push(
      {
        ...uriTask(intent, syncHaSslFilesCall(), 'fieldkit_undo'),
        when: jinja(haSteps.map((i) => `(${doneCondition(i)})`).join(' or ')),
        ignore_errors: true,
      },
      noteNotUndone(intent),
    );
  }
  rescue.push({
    name: 'Stop the push to this appliance',
    'ansible.builtin.fail': {
      msg: jinja(
        `${host}: "{{ ansible_failed_task.name }}" failed: ` +
          `{{ (ansible_failed_result.json | default({})).message | default(ansible_failed_result.msg | default('see the output above')) }}. ` +
          `{% if fieldkit_not_undone | default([]) | length > 0 %}NOT undone, check the appliance: {{ fieldkit_not_undone | join('; ') }}.` +
          `{% else %}Every step applied before it was undone: the appliance is as it was.{% endif %}`,
      ),
    },
  });

  const logout = logoutCall();
  const always: Task[] = [
    {
      name: 'Log out of NITRO',
      'ansible.builtin.uri': {
        url: jinja(`{{ nitro_url }}${nitroPath(logout)}`),
        method: logout.method,
        body_format: 'json',
        body: logout.body as YamlValue,
      },
      when: jinja('fieldkit_session is defined'),
      failed_when: false,
    },
  ];

  return [
    ...checks,
    {
      name: `${host}: ${plan.certkeyAction === 'unchanged' && total === 0 ? 'nothing to change' : `push to certkey ${plan.certkey}`}`,
      block,
      rescue,
      always,
    },
  ];
}

function noteNotUndone(intent: string, unless?: string): Task {
  return {
    name: 'Note what could not be undone',
    'ansible.builtin.set_fact': { fieldkit_not_undone: jinja('{{ (fieldkit_not_undone | default([])) + [fieldkit_intent] }}') },
    vars: { fieldkit_intent: intent },
    when: unless === undefined ? jinja('fieldkit_undo is failed') : [jinja('fieldkit_undo is failed'), jinja(unless)],
  };
}

/** Inventory names: the profile's name when it is a plain word, else the host, unique. */
function hostNames(targets: AnsibleTarget[]): string[] {
  const used = new Set<string>();
  return targets.map(({ profile }) => {
    const base = (profile.name ?? profile.host).replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[^A-Za-z0-9_]+/, '') || 'appliance';
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

function nitroUrl(profile: AnsibleTarget['profile']): string {
  const host = profile.host.includes(':') && !profile.host.startsWith('[') ? `[${profile.host}]` : profile.host;
  return `https://${host}:${profile.port}`;
}

const PLAYBOOK_COMMENTS = [
  'Written by Fieldkit: the certificate push it planned, as NITRO calls with ansible.builtin.uri.',
  'Each appliance runs its own plan (plans/<host>.yml): login, partition, the steps, logout.',
  'A failed step undoes the steps done before it, last first, then fails that appliance.',
  '',
  'Variables (see README.md):',
  '  nitro_user, nitro_password   NITRO credentials; keep the password in Ansible Vault',
  '  fieldkit_key_file            the PEM private key of the certificate (may be vault-encrypted)',
  '  nitro_ca_path                CA (or the appliance certificate) that signs the management certificate',
  '',
  'The plan was made from each appliance as it was at export time; export again if it has changed.',
];

function playbook(): string {
  return toYaml(
    [
      {
        name: 'Push the certificate planned by Fieldkit',
        hosts: HOST_GROUP,
        connection: 'local',
        gather_facts: false,
        module_defaults: {
          'ansible.builtin.uri': {
            validate_certs: true,
            ca_path: jinja('{{ nitro_ca_path | default(omit) }}'),
            timeout: jinja('{{ nitro_timeout | default(30) }}'),
            headers: { Cookie: jinja("NITRO_AUTH_TOKEN={{ fieldkit_session | default('') }}") },
          },
        },
        tasks: [
          {
            name: 'The NITRO credentials are given',
            'ansible.builtin.assert': {
              that: ['nitro_user is defined', 'nitro_password is defined'],
              fail_msg:
                'Set nitro_user and nitro_password (keep the password in Ansible Vault: ansible-vault encrypt_string). See README.md.',
              quiet: true,
            },
          },
          { name: "Run this appliance's plan", 'ansible.builtin.include_tasks': jinja('plans/{{ inventory_hostname }}.yml') },
        ],
      },
    ],
    PLAYBOOK_COMMENTS,
  );
}

function readme(hasCa: boolean): string {
  return `# Certificate push planned by Fieldkit

Run it from this folder:

    ansible-playbook -i ${INVENTORY_FILE} ${PLAYBOOK_FILE} -e nitro_user=nsroot -e @secrets.yml --ask-vault-pass \\
      -e fieldkit_key_file=/path/to/privkey.pem

\`${PLAYBOOK_FILE}\` runs, for each appliance in \`${INVENTORY_FILE}\`, the plan in \`plans/<host>.yml\`: the NITRO calls Fieldkit's own push makes, in the same order, with \`ansible.builtin.uri\` only (no collection). When a step fails, the steps done before it are undone last first and that appliance fails; the others go on. The session is always logged out.

Nothing secret is in this folder. Give these variables (\`-e\`, group_vars, AWX credentials):

- \`nitro_user\`, \`nitro_password\`: the NITRO account. Keep the password in Vault:

      ansible-vault encrypt_string --name nitro_password 'the password' >> secrets.yml

- \`fieldkit_key_file\`: the path of the certificate's private key (PEM, not encrypted with a passphrase; an absolute path, as a relative one is looked up beside the playbook). The file may itself be encrypted with \`ansible-vault encrypt\`: Ansible decrypts it when it reads it. The key is read only when the plan uploads it and is never logged (no_log).
- \`nitro_ca_path\`: a PEM file with the CA that issued the appliances' management certificates, or, for a self-signed management certificate, that certificate itself. Certificates are always verified.${hasCa ? ` The inventory points it at the CA Fieldkit trusted for these appliances (\`appliance-ca*.pem\`); override it if needed.` : ''}
- \`nitro_timeout\` (optional): seconds per NITRO request, 30 by default.

\`files/\` holds the certificates the plan uploads (public). The plan was made from each appliance as it was at export time: if an appliance has changed since, export the plan again. It is meant to run once: a second run stops at the first upload, whose file is already there, since the push it describes has happened.
`;
}

/** The export folder's files: playbook, inventory, one task file per appliance, the certificates, README. */
export function buildAnsibleExport(targets: AnsibleTarget[]): ExportFile[] {
  const names = hostNames(targets);
  const certFiles = new Map<string, string>();
  const caFiles = new Map<string, string>();
  const files: ExportFile[] = [];
  const hosts: Record<string, YamlValue> = {};

  targets.forEach(({ profile, plan }, t) => {
    const host = names[t]!;
    for (const step of plan.steps) {
      const text = uploadedText(step.call);
      const filename = (step.call.body?.['systemfile'] as Record<string, unknown> | undefined)?.['filename'];
      if (text === undefined || PRIVATE_KEY_PEM.test(text) || typeof filename !== 'string') continue;
      // One file per name: a name always holds the same content within one bundle; a clash gets the host's folder.
      const shared = `files/${filename}`;
      const path = certFiles.get(shared) === undefined || certFiles.get(shared) === text ? shared : `files/${host}/${filename}`;
      certFiles.set(path, text);
    }
    const fileSource = (filename: string) =>
      certFiles.has(`files/${host}/${filename}`)
        ? `files/${host}/${filename}`
        : certFiles.has(`files/${filename}`)
          ? `files/${filename}`
          : undefined;
    files.push({
      name: `plans/${host}.yml`,
      content: toYaml(planTasks(host, plan, fileSource), [
        `${plan.appliance}${plan.partition !== 'default' ? `, partition ${plan.partition}` : ''}: certkey ${plan.certkey} (${plan.certkeyAction}), plan ${plan.digest}`,
        ...plan.warnings.map((w) => `Warning: ${w}`),
      ]),
    });
    const vars: Record<string, YamlValue> = {
      nitro_url: nitroUrl(profile),
      nitro_partition: plan.partition,
      fieldkit_plan_digest: plan.digest,
    };
    if (profile.trust.mode === 'ca') {
      const caName = caFiles.get(profile.trust.caPem) ?? `appliance-ca${caFiles.size === 0 ? '' : `-${caFiles.size + 1}`}.pem`;
      caFiles.set(profile.trust.caPem, caName);
      vars['nitro_ca_path'] = jinja(`{{ inventory_dir }}/${caName}`);
    }
    hosts[host] = vars;
  });

  files.unshift(
    { name: PLAYBOOK_FILE, content: playbook() },
    {
      name: INVENTORY_FILE,
      content: toYaml(
        {
          all: {
            children: {
              [HOST_GROUP]: {
                vars: { ansible_connection: 'local', ansible_python_interpreter: jinja('{{ ansible_playbook_python }}') },
                hosts,
              },
            },
          },
        },
        [
          'The appliances Fieldkit planned the push for. NITRO is reached from the Ansible controller (connection: local).',
          'nitro_partition and fieldkit_plan_digest record what each plan in plans/ was made for; the plan itself switches partition.',
        ],
      ),
    },
    { name: 'README.md', content: readme(caFiles.size > 0) },
  );
  for (const [name, content] of certFiles) files.push({ name, content });
  for (const [pem, name] of caFiles) files.push({ name, content: pem });
  return files;
}
