import { spawnSync } from 'node:child_process';

/**
 * YAML as Ansible reads it: parsed by PyYAML (installed with ansible-core),
 * with Ansible's `!unsafe` tag kept visible as { unsafe: text }.
 */
const PARSE = `
import json, sys, yaml
class Loader(yaml.SafeLoader):
    pass
Loader.add_constructor('!unsafe', lambda loader, node: {'unsafe': loader.construct_scalar(node)})
print(json.dumps(yaml.load(sys.stdin.read(), Loader=Loader)))
`;

export function parseYamlAsAnsible(text: string): unknown {
  const r = spawnSync('python3', ['-c', PARSE], { input: text, encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) throw new Error(`PyYAML refused the document: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
}
