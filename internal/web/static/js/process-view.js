// Draws a process instance's diagram with the vendored bpmn-js viewer and
// marks each element with its state. This only improves the page: without
// JavaScript (or when drawing fails) the table of steps, which the page has
// anyway, tells the same, and the script reads the states from that table.
(function () {
  'use strict';

  var STATES = ['completed', 'active', 'waiting', 'cancelled', 'incident'];

  function fail(box) {
    box.textContent = '';
    var p = document.createElement('p');
    p.className = 'process-diagram__error';
    p.textContent = box.getAttribute('data-error');
    box.appendChild(p);
    box.hidden = false;
  }

  // states reads the element states from the table of steps.
  function states() {
    var out = [];
    document.querySelectorAll('#process-elements tr[data-element]').forEach(function (row) {
      var state = row.getAttribute('data-state');
      if (STATES.indexOf(state) >= 0) {
        out.push({ id: row.getAttribute('data-element'), state: state });
      }
    });
    return out;
  }

  // describe makes the drawing one image with a name for assistive
  // technology: the table below it is the accessible form of the diagram.
  function describe(box) {
    var svg = box.querySelector('.djs-container > svg');
    if (!svg) {
      return;
    }
    svg.removeAttribute('tabindex');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', box.getAttribute('data-label'));
    svg.setAttribute('focusable', 'false');
  }

  function draw(box) {
    if (typeof window.BpmnJS !== 'function' || !window.fetch) {
      return;
    }
    box.hidden = false;
    var viewer = new window.BpmnJS({ container: box });
    fetch(box.getAttribute('data-src'), { credentials: 'same-origin', headers: { Accept: 'application/xml' } })
      .then(function (res) {
        if (!res.ok) {
          throw new Error('diagram: HTTP ' + res.status);
        }
        return res.text();
      })
      .then(function (xml) {
        return viewer.importXML(xml);
      })
      .then(function () {
        var canvas = viewer.get('canvas');
        var registry = viewer.get('elementRegistry');
        canvas.zoom('fit-viewport', 'auto');
        states().forEach(function (s) {
          if (registry.get(s.id)) {
            canvas.addMarker(s.id, 'process-' + s.state);
          }
        });
        describe(box);
        box.setAttribute('data-drawn', 'true');
      })
      .catch(function (err) {
        if (window.console) {
          window.console.error(err);
        }
        viewer.destroy();
        fail(box);
      });
  }

  document.querySelectorAll('.process-diagram[data-src]').forEach(draw);
})();
