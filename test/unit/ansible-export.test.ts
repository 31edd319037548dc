import { describe, expect, it } from 'vitest';
import { buildAnsibleExport, type AnsibleTarget } from '../../electron/services/certificates/ansible-export.ts';
import { jinja, toYaml } from '../../electron/services/certificates/ansible-yaml.ts';
import { planDigest, type PlannedStep, type PushPlan } from '../../electron/services/certificates/push-plan.ts';
import { saveConfigCall, syncHaSslFilesCall } from '../../electron/services/nitro/appliance-calls.ts';
import { bindCertkeyCall, unbindCertkeyCall } from '../../electron/services/nitro/certkey-binding-calls.ts';
import { nitroPath } from '../../electron/services/nitro/nitro-call.ts';
import { addCertkeyCall, deleteCertkeyCall } from '../../electron/services/nitro/sslcertkey-calls.ts';
import { deleteFileCall, uploadFileCall } from '../../electron/services/nitro/systemfile-calls.ts';
import { parseYamlAsAnsible } from '../support/pyyaml.ts';
import { ansibleStatus, describeWithPart } from '../support/real-parts.ts';

const CERT_PEM = '-----BEGIN CERTIFICATE-----\nMIIBcertificatebody\n-----END CERTIFICATE-----\n';
const KEY_PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASC-secret-key-material\n-----END PRIVATE KEY-----\n';
const FOLDER = '/nsconfig/partitions/p1/ssl/';
const b64 = (text: string) => Buffer.from(text).toString('base64');

function step(kind: PlannedStep['kind'], label: string, call: PlannedStep['call'], undo: PlannedStep['undo'] = []): PlannedStep {
  return { kind, label, call, undo };
}

/** An HA primary in partition p1: upload cert and key, add the certkey, bind it, copy the files to the secondary, save. */
function plan(): PushPlan {
  const steps = [
    step('upload-file', 'Upload certificate file web.cer', uploadFileCall(FOLDER, 'web.cer', b64(CERT_PEM)), [
      { intent: 'Delete file web.cer', done: 'Deleted web.cer', call: deleteFileCall(FOLDER, 'web.cer') },
    ]),
    step('upload-file', 'Upload key file web.key', uploadFileCall(FOLDER, 'web.key', b64(KEY_PEM)), [
      { intent: 'Delete file web.key', done: 'Deleted web.key', call: deleteFileCall(FOLDER, 'web.key') },
    ]),
    step('add-certkey', 'Add certkey web', addCertkeyCall({ certkey: 'web', cert: 'web.cer', key: 'web.key', inform: 'PEM' }), [
      { intent: 'Delete certkey web', done: 'Deleted web', call: deleteCertkeyCall('web') },
    ]),
    step('bind-certkey', 'Bind certkey web to vserver vs1', bindCertkeyCall({ vserver: 'vs1', certkey: 'web', sni: false }), [
      { intent: 'Unbind certkey web from vs1', done: 'Unbound', call: unbindCertkeyCall({ vserver: 'vs1', certkey: 'web', sni: false }) },
    ]),
    step('ha-sync', 'Copy the SSL files to the HA secondary', syncHaSslFilesCall()),
    step('save-config', 'Save the running configuration', saveConfigCall()),
  ];
  return {
    appliance: 'adc1 (10.0.0.1)',
    partition: 'p1',
    fileLocation: FOLDER,
    haState: 'primary',
    steps,
    reads: [],
    alreadyRight: [],
    warnings: [],
    certkey: 'web',
    certkeyAction: 'add',
    certkeyReason: 'No certkey on the appliance holds a certificate for www.example.test: a new certkey web is added.',
    created: [],
    digest: planDigest(steps),
  };
}

const target = (name: string, host: string): AnsibleTarget => ({
  profile: { name, host, port: 443, trust: { mode: 'ca', caPem: '-----BEGIN CERTIFICATE-----\nMIIBmgmtca\n-----END CERTIFICATE-----\n' } },
  plan: plan(),
});

type Task = Record<string, unknown> & { name: string };
const undoWhen = (n: number) =>
  `(fieldkit_step_${n} is defined and fieldkit_step_${n} is succeeded) or ` +
  `(fieldkit_step_${n} is defined and fieldkit_step_${n} is failed and (fieldkit_step_${n}.status | default(-1) | int) == -1)`;
const uriOf = (t: Task) => t['ansible.builtin.uri'] as { url: string; method: string; body?: Record<string, unknown> };
const pathOf = (t: Task) => uriOf(t).url.replace('{{ nitro_url }}', '');

describe('the Ansible export, as text', () => {
  const files = buildAnsibleExport([target('adc1', '10.0.0.1'), target('adc 2', '2001:db8::2')]);
  const all = files.map((f) => f.content).join('\n');

  it('never carries the private key or a password, and carries the certificate beside the playbook', () => {
    expect(all).not.toContain('secret-key-material');
    expect(all).not.toContain(b64(KEY_PEM).slice(0, 40));
    expect(files.map((f) => f.name).sort()).toEqual(
      ['README.md', 'appliance-ca.pem', 'files/web.cer', 'inventory.yml', 'playbook.yml', 'plans/adc1.yml', 'plans/adc_2.yml'].sort(),
    );
    expect(files.find((f) => f.name === 'files/web.cer')!.content).toBe(CERT_PEM);
    expect(files.find((f) => f.name === 'README.md')!.content).toMatch(/ansible-vault encrypt_string --name nitro_password/);
  });

  it('marks plan data that looks like Jinja as unsafe, and only that', () => {
    const text = toYaml({ literal: 'vs{{ evil }}', template: jinja('{{ nitro_user }}'), yes: 'no', n: 3, list: [] });
    expect(text).toContain('literal: !unsafe "vs{{ evil }}"');
    expect(text).toContain('template: "{{ nitro_user }}"');
    expect(text).toContain('"yes": "no"');
  });
});

describeWithPart('PyYAML (with ansible-core)', ansibleStatus(), 'the Ansible export, as Ansible reads it', () => {
  const files = buildAnsibleExport([target('adc1', '10.0.0.1'), target('adc 2', '2001:db8::2')]);
  const parsed = (name: string) => parseYamlAsAnsible(files.find((f) => f.name === name)!.content);

  it('is one play over the appliances group, run from the controller, with certificates always verified against nitro_ca_path', () => {
    const [play, ...more] = parsed('playbook.yml') as Array<Record<string, unknown>>;
    expect(more).toEqual([]);
    expect(play).toMatchObject({ hosts: 'fieldkit_appliances', connection: 'local', gather_facts: false });
    expect((play!['module_defaults'] as Record<string, unknown>)['ansible.builtin.uri']).toMatchObject({
      validate_certs: true,
      ca_path: '{{ nitro_ca_path | default(omit) }}',
    });
    const inventory = parsed('inventory.yml') as { all: { children: { fieldkit_appliances: { hosts: Record<string, unknown> } } } };
    expect(inventory.all.children.fieldkit_appliances.hosts).toEqual({
      adc1: expect.objectContaining({
        nitro_url: 'https://10.0.0.1:443',
        nitro_partition: 'p1',
        nitro_ca_path: '{{ inventory_dir }}/appliance-ca.pem',
      }),
      adc_2: expect.objectContaining({ nitro_url: 'https://[2001:db8::2]:443' }),
    });
  });

  it('logs in, switches partition and runs the steps in order; the rescue undoes done steps last first, resyncs the secondary and fails; logout always', () => {
    const tasks = parsed('plans/adc1.yml') as Task[];
    const [keyCheck, push] = tasks as [Task, Task & { block: Task[]; rescue: Task[]; always: Task[] }];
    expect(keyCheck['ansible.builtin.assert']).toMatchObject({ that: expect.arrayContaining(['fieldkit_key_file is defined']) });

    const p = plan();
    const calls = push.block.filter((t) => t['ansible.builtin.uri']);
    expect(calls.map((t) => `${uriOf(t).method} ${pathOf(t)}`)).toEqual([
      'POST /nitro/v1/config/login',
      'POST /nitro/v1/config/nspartition?action=Switch',
      ...p.steps.map((s) => `${s.call.method} ${nitroPath(s.call)}`),
    ]);
    const login = calls[0]!;
    expect(login['no_log']).toBe(true);
    expect(uriOf(login).body).toEqual({ login: { username: '{{ nitro_user }}', password: '{{ nitro_password }}', timeout: 900 } });
    const keyUpload = calls.find((t) => t.name.includes('web.key'))!;
    expect(keyUpload['no_log']).toBe(true);
    expect((uriOf(keyUpload).body!['systemfile'] as Record<string, unknown>)['filecontent']).toBe(
      "{{ lookup('ansible.builtin.file', fieldkit_key_file) | b64encode }}",
    );
    const certUpload = calls.find((t) => t.name.includes('web.cer'))!;
    expect((uriOf(certUpload).body!['systemfile'] as Record<string, unknown>)['filecontent']).toContain("'/files/web.cer', rstrip=false");
    expect(calls.find((t) => t.name.includes('Save'))).toMatchObject({ retries: 5 });

    const undos = push.rescue.filter((t) => t['ansible.builtin.uri']);
    expect(undos.map((t) => [t.name, t['when']])).toEqual([
      ['Undo step 4: Unbind certkey web from vs1', undoWhen(4)],
      ['Undo step 3: Delete certkey web', undoWhen(3)],
      ['Undo step 2: Delete file web.key', undoWhen(2)],
      ['Undo step 1: Delete file web.cer', undoWhen(1)],
      ['Copy the restored SSL files to the HA secondary', '(fieldkit_step_5 is defined and fieldkit_step_5 is succeeded)'],
    ]);
    expect(undos.every((t) => t['ignore_errors'] === true)).toBe(true);
    expect(push.rescue.at(-1)!['ansible.builtin.fail']).toBeDefined();
    expect(push.always.map((t) => `${uriOf(t).method} ${pathOf(t)}`)).toEqual(['POST /nitro/v1/config/logout']);
  });
});
