# A stdout callback for the consumer tests: the whole run as one JSON document, in the shape of ansible.posix's
# json callback (plays -> tasks -> hosts -> result), so that the tests need nothing beyond ansible-core.
import json

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'virt_facts_json'

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.plays = []

    def v2_playbook_on_play_start(self, play):
        self.plays.append({'play': {'name': play.get_name()}, 'tasks': []})

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.plays[-1]['tasks'].append({'task': {'name': task.get_name()}, 'hosts': {}})

    def v2_runner_on_start(self, host, task):
        # Ad-hoc runs (`ansible -m setup`) announce no task start.
        tasks = self.plays[-1]['tasks']
        if not tasks or tasks[-1]['task']['name'] != task.get_name():
            tasks.append({'task': {'name': task.get_name()}, 'hosts': {}})

    def _record(self, result, **status):
        self.plays[-1]['tasks'][-1]['hosts'][result._host.get_name()] = dict(result._result, **status)

    def v2_runner_on_ok(self, result, **kwargs):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, failed=True)

    def v2_runner_on_skipped(self, result):
        self._record(result, skipped=True)

    def v2_runner_on_unreachable(self, result):
        self._record(result, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        self._display.display(json.dumps({'plays': self.plays}, default=str))
