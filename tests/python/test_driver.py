# test_driver.py: unit tests of the CPython driver's helpers, without a Corescope process
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run by meson (test 'python-driver-unittest') with data/python on PYTHONPATH."""

import errno
import importlib.util
import os
import pickle
import unittest
from concurrent.futures.process import BrokenProcessPool

import corescope_driver as driver
import corescope_presets as presets
import corescope_worker as worker

GENERATOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "build-aux",
                         "gen-python-ports.py")


class ProcessLimitTest(unittest.TestCase):
    def test_eagain_is_the_limit(self):
        self.assertTrue(driver.is_process_limit(OSError(errno.EAGAIN, "again")))

    def test_other_errors_are_not(self):
        self.assertFalse(driver.is_process_limit(OSError(errno.ENOENT, "missing")))
        self.assertTrue(driver.is_process_limit(RuntimeError("can't start new thread")))
        self.assertFalse(driver.is_process_limit(RuntimeError("something else")))
        self.assertFalse(driver.is_process_limit(ValueError("can't start new thread")))


class UsageTest(unittest.TestCase):
    def test_minus_keeps_the_later_peak(self):
        later = driver.Usage(3.0, 1.5, 10, 4, 2048)
        before = driver.Usage(1.0, 0.5, 3, 1, 1024)
        d = later.minus(before)
        self.assertEqual((d.user, d.system, d.voluntary, d.involuntary, d.rss_kb),
                         (2.0, 1.0, 7, 3, 2048))

    def test_plus_keeps_the_larger_peak(self):
        s = driver.Usage(1.0, 0.25, 1, 2, 500).plus(driver.Usage(2.0, 0.5, 3, 4, 800))
        self.assertEqual((s.user, s.system, s.voluntary, s.involuntary, s.rss_kb),
                         (3.0, 0.75, 4, 6, 800))


class ChannelTest(unittest.TestCase):
    def setUp(self):
        self.request_r, self.request_w = os.pipe()
        self.reply_r, self.reply_w = os.pipe()
        self.channel = driver.Channel(self.request_r, self.reply_w)

    def tearDown(self):
        for fd in (self.request_r, self.request_w, self.reply_r, self.reply_w):
            try:
                os.close(fd)
            except OSError:
                pass

    def test_reads_lines_then_eof(self):
        os.write(self.request_w, b'{"a":1}\n{"b":')
        os.write(self.request_w, b'2}\n')
        os.close(self.request_w)
        self.assertEqual(self.channel.read(), b'{"a":1}')
        self.assertEqual(self.channel.read(), b'{"b":2}')
        self.assertIsNone(self.channel.read())

    def test_writes_compact_json_lines(self):
        self.channel.write({"reply": "ok", "n": [1, 2]})
        self.assertEqual(os.read(self.reply_r, 100), b'{"reply":"ok","n":[1,2]}\n')

    def test_drops_a_partial_line_at_eof(self):
        os.write(self.request_w, b"x" * 60000)
        os.close(self.request_w)
        # EOF before a newline: the partial line is dropped, not returned
        self.assertIsNone(self.channel.read())


class TaskErrorMessageTest(unittest.TestCase):
    def test_broken_pool(self):
        self.assertEqual(driver.task_error_message(BrokenProcessPool("gone"), "cpu"),
                         "cpu: a pool worker died (gone)")

    def test_pickling(self):
        text = driver.task_error_message(TypeError("cannot pickle 'lock'"), "cpu")
        self.assertTrue(text.startswith("cpu: a task's argument or result cannot be pickled"))
        self.assertTrue(text.endswith("TypeError: cannot pickle 'lock'"))

    def test_other_errors_on_one_line(self):
        self.assertEqual(driver.task_error_message(ValueError("a\n  b"), "io"),
                         "io: ValueError: a b")

    def test_user_error_as_is(self):
        self.assertEqual(driver.task_error_message(presets.UserError("job.py:work: boom"), "x"),
                         "job.py:work: boom")


class FailingKernel(presets.Kernel):
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def run_task(self, task: int, data: object, worker_index: int) -> presets.TaskResult:
        raise self.error


class RunItemsTest(unittest.TestCase):
    def message(self, error):
        with self.assertRaises(worker.TaskFailed) as caught:
            worker.run_items(FailingKernel(error), [(3, None)], 0)
        return str(caught.exception)

    def test_worded_errors_pass_unchanged(self):
        self.assertEqual(self.message(presets.UserError("job.py:work: ValueError: x")),
                         "job.py:work: ValueError: x")
        self.assertEqual(self.message(presets.KernelError("cpu: short")), "cpu: short")

    def test_other_errors_name_the_task(self):
        self.assertEqual(self.message(ZeroDivisionError("division by zero")),
                         "task 3: ZeroDivisionError: division by zero")

    def test_user_error_comes_back_from_a_worker_process_as_itself(self):
        # pickled in the worker, unpickled in the driver: the class is found by its module
        back = pickle.loads(pickle.dumps(presets.UserError("m")))
        self.assertIs(type(back), presets.UserError)


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_python_ports", GENERATOR)
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen


class RegistryTest(unittest.TestCase):
    def test_every_port_is_a_kernel(self):
        for name, kernel in presets.PRESETS.items():
            self.assertTrue(issubclass(kernel, presets.Kernel), name)

    def test_unknown_preset(self):
        with self.assertRaisesRegex(presets.KernelError, "^nope: this preset has no Python port$"):
            worker.make_kernel({"preset": "nope", "params": {}}, False)

    def test_the_c_side_reads_the_same_names(self):
        """build-aux/gen-python-ports.py (the C side's list) parses this file's PRESETS into
        the names the driver has at run time, in order."""
        gen = load_generator()
        with open(presets.__file__, encoding="utf-8") as f:
            self.assertEqual(gen.preset_names(f.read(), presets.__file__), list(presets.PRESETS))

    def test_generator_refuses_a_file_without_the_registry(self):
        gen = load_generator()
        with self.assertRaises(SystemExit):
            gen.preset_names("PRESETS = dict(cpu=1)\n", "x.py")
        with self.assertRaises(SystemExit):
            gen.preset_names("PRESETS = {1: 2}\n", "x.py")


class GilWaitTest(unittest.TestCase):
    def test_wait_is_none_without_a_before(self):
        class Pool:
            def waited(self):
                return 2.0
        session = driver.Session.__new__(driver.Session)
        session.gil = True
        self.assertIsNone(session.gil_wait(Pool(), None))
        self.assertEqual(session.gil_wait(Pool(), 0.5), 1.5)
        session.gil = False
        self.assertIsNone(session.gil_wait(Pool(), 0.5))


class SessionTest(unittest.TestCase):
    """A pass of the cpu port in a thread pool, with chunks of 2: every task's checksum is
    summed once, whatever order the chunks come back in."""

    def test_thread_pass_sums_every_task_once(self):
        workload = {"preset": "cpu", "params": {"start": 1000, "numbers": 50}, "n_tasks": 5,
                    "n_workers": 2}
        session = driver.Session({"backend": "thread", "chunk_size": 2, "workload": workload})
        try:
            reply = session.run({"workers": 2})
        finally:
            session.close()
        kernel = presets.Cpu(workload, True)
        expected = sum(kernel.run_task(t, None, 0)[0] for t in range(5)) & presets.MASK
        self.assertEqual((reply["ok"], reply["tasks"], reply["checksum"]),
                         (True, 5, f"{expected:016x}"))
        self.assertGreater(reply["wall_s"], 0)


if __name__ == "__main__":
    unittest.main()
