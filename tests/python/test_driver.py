# test_driver.py: unit tests of the CPython driver's helpers, without a Corescope process
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run by meson (test 'python-driver-unittest') with data/python on PYTHONPATH."""

import errno
import os
import unittest
from concurrent.futures.process import BrokenProcessPool

import corescope_driver as driver


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


if __name__ == "__main__":
    unittest.main()
