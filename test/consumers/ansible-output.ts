/**
 * Environment that makes `ansible` and `ansible-playbook` print the whole run as one JSON document, through the
 * test's own stdout callback (callback_plugins/virt_facts_json.py): ansible-core alone has no JSON callback (the
 * `json` one is in the ansible.posix collection, which Debian ships in the large `ansible` package).
 */
import * as path from 'node:path';

export const ANSIBLE_JSON_OUTPUT = {
  ANSIBLE_CALLBACK_PLUGINS: path.join(path.dirname(new URL(import.meta.url).pathname), 'callback_plugins'),
  ANSIBLE_STDOUT_CALLBACK: 'virt_facts_json',
  ANSIBLE_LOAD_CALLBACK_PLUGINS: '1',
  ANSIBLE_NOCOLOR: '1',
} as const;
