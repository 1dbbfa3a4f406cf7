'use strict';
// aci-dispatch dashboard. Everything shown comes from the API and is user data (job ids, reasons, errors, log lines):
// it is written with textContent or as text nodes only, never parsed as HTML.
(function () {
  var STATUSES = ['QUEUED', 'DEFERRED', 'DISPATCHING', 'PROVISIONING', 'RUNNING', 'RETRY_WAIT', 'SUCCEEDED', 'FAILED', 'TIMED_OUT',
    'CANCELLED', 'REJECTED'];
  var TERMINAL = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'REJECTED'];
  var LIST_REFRESH_MS = 5000;
  var JOB_REFRESH_MS = 2000;

  // The function key: read once from ?code= (how the page was opened) and kept in this page's memory only. It is sent
  // to this app's API in the x-functions-key header, never put in a URL, storage or the page.
  var key = new URLSearchParams(window.location.search).get('code') || '';

  var $ = function (id) { return document.getElementById(id); };
  var state = { token: null, pages: 0, rows: 0, listTimer: null, jobTimer: null, jobId: null, job: null, loading: false };

  function node(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function clear(e) {
    while (e.firstChild) { e.removeChild(e.firstChild); }
  }

  function statusClass(status) {
    return STATUSES.indexOf(status) >= 0 ? 'st-' + status : 'st-unknown';
  }

  function time(iso) {
    if (!iso) { return ''; }
    var m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(String(iso));
    return m ? m[1] + ' ' + m[2] : String(iso);
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) { return ''; }
    var s = Math.max(0, Math.floor(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var two = function (n) { return (n < 10 ? '0' : '') + n; };
    if (h > 0) { return h + 'h ' + two(m) + 'm'; }
    if (m > 0) { return m + 'm ' + two(r) + 's'; }
    return r + 's';
  }

  function api(path, options) {
    var init = options || {};
    init.headers = { 'x-functions-key': key };
    init.credentials = 'omit';
    init.cache = 'no-store';
    init.referrerPolicy = 'no-referrer';
    return fetch(new URL(path, window.location.href).toString(), init).then(function (response) {
      if (response.status === 401) {
        throw new Error('the function key was refused (401): open the page as /api/ui?code=<function key>');
      }
      return response;
    });
  }

  function errorText(response) {
    return response.text().then(function (text) {
      try {
        var body = JSON.parse(text);
        var parts = [body.error || ('HTTP ' + response.status)];
        (body.errors || []).forEach(function (e) { parts.push(e.path + ': ' + e.message); });
        return parts.join('; ');
      } catch (notJson) {
        return 'HTTP ' + response.status + (text ? ': ' + text : '');
      }
    });
  }

  function say(element, text, isError) {
    element.textContent = text || '';
    element.className = 'message' + (isError ? ' error' : '');
  }

  // ---- the jobs list ----

  function buildStatusFilter() {
    var box = $('filter-status');
    STATUSES.forEach(function (s) {
      var label = node('label');
      var input = node('input');
      input.type = 'checkbox';
      input.name = 'status';
      input.value = s;
      input.addEventListener('change', function () { loadList(true); });
      label.appendChild(input);
      label.appendChild(document.createTextNode(' ' + s));
      box.appendChild(label);
    });
  }

  function listQuery(token) {
    var q = new URLSearchParams();
    var statuses = Array.prototype.slice.call(document.querySelectorAll('#filter-status input:checked'))
      .map(function (i) { return i.value; });
    if (statuses.length) { q.set('status', statuses.join(',')); }
    var since = $('filter-since').value;
    if (since) { q.set('since', new Date(Date.now() - Number(since) * 1000).toISOString()); }
    var schedule = $('filter-schedule').value.trim();
    if (schedule) { q.set('schedule', schedule); }
    q.set('limit', $('filter-limit').value);
    if (token) { q.set('continuationToken', token); }
    return 'jobs?' + q.toString();
  }

  function row(job) {
    var tr = node('tr');
    tr.dataset.jobId = job.jobId;
    var idCell = node('td', 'c-id');
    var link = node('a', null, job.jobId);
    link.href = '#job=' + encodeURIComponent(job.jobId);
    idCell.appendChild(link);
    tr.appendChild(idCell);
    var statusCell = node('td', 'c-status');
    statusCell.appendChild(node('span', 'badge ' + statusClass(job.status), job.status));
    tr.appendChild(statusCell);
    tr.appendChild(node('td', 'c-attempt num', job.attempt));
    tr.appendChild(node('td', 'c-exit num', job.exitCode === null ? '' : job.exitCode));
    tr.appendChild(node('td', 'c-started', time(job.startedAt)));
    tr.appendChild(node('td', 'c-duration num', duration(job.durationSeconds)));
    var reason = node('td', 'c-reason', job.reason || '');
    reason.title = job.reason || '';
    tr.appendChild(reason);
    tr.addEventListener('click', function (event) {
      if (event.target !== link) { window.location.hash = 'job=' + encodeURIComponent(job.jobId); }
    });
    return tr;
  }

  function loadList(fresh) {
    if (state.loading && !fresh) { return Promise.resolve(); }
    state.loading = true;
    var token = fresh ? null : state.token;
    return api(listQuery(token)).then(function (response) {
      if (!response.ok) {
        return errorText(response).then(function (text) { throw new Error(text); });
      }
      return response.json();
    }).then(function (page) {
      var body = document.querySelector('#jobs tbody');
      if (fresh) {
        clear(body);
        state.pages = 0;
        state.rows = 0;
      }
      page.jobs.forEach(function (job) { body.appendChild(row(job)); });
      state.pages += 1;
      state.rows += page.jobs.length;
      state.token = page.continuationToken;
      $('more').hidden = !state.token;
      say($('list-message'), state.rows === 0 ? 'No jobs match these filters.' : '');
      $('updated').textContent = 'updated ' + time(new Date().toISOString()) + ' UTC';
    }).catch(function (e) {
      say($('list-message'), 'Could not load jobs: ' + e.message, true);
    }).then(function () {
      state.loading = false;
    });
  }

  function scheduleListRefresh() {
    window.clearInterval(state.listTimer);
    state.listTimer = window.setInterval(function () {
      // More pages on screen: a refresh would drop them, so it waits until the filters are applied again.
      if ($('auto-refresh').checked && !$('jobs-view').hidden && state.pages <= 1) { loadList(true); }
    }, LIST_REFRESH_MS);
  }

  // ---- one job ----

  function field(list, name, value) {
    if (value === null || value === undefined || value === '') { return; }
    list.appendChild(node('dt', null, name));
    list.appendChild(node('dd', null, value));
  }

  function showJob(job) {
    state.job = job;
    $('job-title').textContent = job.jobId;
    var badge = $('job-status');
    badge.textContent = job.status;
    badge.className = 'badge ' + statusClass(job.status);
    var fields = $('job-fields');
    clear(fields);
    field(fields, 'image', job.image);
    field(fields, 'schedule', job.schedule);
    field(fields, 'attempt', job.maxAttempts > 1 ? job.attempt + ' of ' + job.maxAttempts : job.attempt);
    field(fields, 'restarts by ACI', job.restarts);
    field(fields, 'exit code', job.exitCode);
    field(fields, 'created', time(job.createdAt));
    field(fields, 'dispatched', time(job.dispatchedAt));
    field(fields, 'started', time(job.startedAt));
    field(fields, 'finished', time(job.finishedAt));
    field(fields, 'cancel requested', time(job.cancelRequestedAt));
    field(fields, 'resource group', job.resourceGroup);
    field(fields, 'container group', job.containerGroupName);
    field(fields, 'logs captured', job.logsCaptured ? 'yes' : 'no');
    $('job-reason').textContent = job.reason || '';
    var errors = $('job-errors');
    clear(errors);
    (job.errors || []).forEach(function (e) { errors.appendChild(node('li', null, e)); });
    $('job-errors-block').hidden = !(job.errors && job.errors.length);
    var timeline = $('timeline');
    clear(timeline);
    (job.history || []).forEach(function (entry) {
      // Each entry is "<ISO time> <STATUS> <reason>".
      var m = /^(\S+) (\S+)(?: ([\s\S]*))?$/.exec(entry);
      var li = node('li');
      li.appendChild(node('span', 't-time', m ? time(m[1]) : ''));
      li.appendChild(node('span', 'badge ' + statusClass(m ? m[2] : ''), m ? m[2] : ''));
      li.appendChild(node('span', 't-reason', m ? (m[3] || '') : entry));
      timeline.appendChild(li);
    });
    $('cancel').hidden = TERMINAL.indexOf(job.status) >= 0;
  }

  function loadJob() {
    var id = state.jobId;
    return api('jobs/' + encodeURIComponent(id)).then(function (response) {
      if (!response.ok) {
        return errorText(response).then(function (text) { throw new Error(text); });
      }
      return response.json();
    }).then(function (job) {
      if (id !== state.jobId) { return; }
      var firstLoad = state.job === null;
      var wasActive = firstLoad || TERMINAL.indexOf(state.job.status) < 0;
      showJob(job);
      // Logs once on opening, then while the job runs (follow), and once more when it has ended.
      if (firstLoad || (wasActive && $('follow').checked)) { return loadLogs(); }
    }).catch(function (e) {
      say($('job-message'), 'Could not load job: ' + e.message, true);
    });
  }

  function loadLogs() {
    var id = state.jobId;
    return api('jobs/' + encodeURIComponent(id) + '/logs').then(function (response) {
      if (response.status === 404 || response.status === 503) {
        return errorText(response).then(function (text) {
          if (id === state.jobId) { $('logs-state').textContent = text; }
        });
      }
      if (!response.ok) {
        return errorText(response).then(function (text) { throw new Error(text); });
      }
      return response.text().then(function (text) {
        if (id !== state.jobId) { return; }
        var logs = $('logs');
        var atBottom = logs.scrollTop + logs.clientHeight >= logs.scrollHeight - 4;
        if (logs.textContent !== text) { logs.textContent = text; }
        if (atBottom || $('follow').checked) { logs.scrollTop = logs.scrollHeight; }
        var done = state.job && TERMINAL.indexOf(state.job.status) >= 0;
        $('logs-state').textContent = done ? 'captured when the job ended' : 'live: following while it runs';
      });
    }).catch(function (e) {
      $('logs-state').textContent = 'Could not load logs: ' + e.message;
    });
  }

  function openJob(id) {
    state.jobId = id;
    state.job = null;
    $('jobs-view').hidden = true;
    $('job-view').hidden = false;
    $('job-title').textContent = id;
    $('job-status').textContent = '';
    clear($('job-fields'));
    clear($('timeline'));
    $('logs').textContent = '';
    $('logs-state').textContent = '';
    say($('job-message'), '');
    loadJob();
    window.clearInterval(state.jobTimer);
    state.jobTimer = window.setInterval(function () {
      if (state.job && TERMINAL.indexOf(state.job.status) >= 0) { return; }
      loadJob();
    }, JOB_REFRESH_MS);
  }

  function closeJob() {
    window.clearInterval(state.jobTimer);
    state.jobId = null;
    state.job = null;
    $('job-view').hidden = true;
    $('jobs-view').hidden = false;
    loadList(true);
  }

  function route() {
    var m = /^#job=([a-z0-9-]{1,40})$/.exec(window.location.hash);
    if (m) { openJob(m[1]); } else { closeJob(); }
  }

  function cancelJob() {
    var id = state.jobId;
    if (!window.confirm('Cancel job ' + id + '?\n\nIts container is stopped; the logs it wrote so far are kept.')) {
      return;
    }
    api('jobs/' + encodeURIComponent(id) + '/cancel', { method: 'POST' }).then(function (response) {
      if (response.status === 202) {
        say($('job-message'), 'Cancel requested: the watcher stops the container and captures its logs.');
        return loadJob();
      }
      return errorText(response).then(function (text) { say($('job-message'), 'Not cancelled: ' + text, true); });
    }).catch(function (e) {
      say($('job-message'), 'Not cancelled: ' + e.message, true);
    });
  }

  function start() {
    buildStatusFilter();
    $('filters').addEventListener('submit', function (event) { event.preventDefault(); loadList(true); });
    ['filter-since', 'filter-limit'].forEach(function (id) {
      $(id).addEventListener('change', function () { loadList(true); });
    });
    $('filter-schedule').addEventListener('change', function () { loadList(true); });
    $('more').addEventListener('click', function () { loadList(false); });
    $('cancel').addEventListener('click', cancelJob);
    $('back').addEventListener('click', function (event) {
      event.preventDefault();
      window.location.hash = '';
    });
    $('follow').addEventListener('change', function () { if ($('follow').checked) { loadLogs(); } });
    window.addEventListener('hashchange', route);
    scheduleListRefresh();
    route();
  }

  if (key) {
    start();
  } else {
    // Opened without ?code= (e.g. with the key in a header): ask for it, keep it in memory only.
    $('key-form').hidden = false;
    $('key-form').addEventListener('submit', function (event) {
      event.preventDefault();
      key = $('key-input').value.trim();
      if (key) {
        $('key-form').hidden = true;
        start();
      }
    });
  }
}());
