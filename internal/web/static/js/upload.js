// Upload progress for form pages that carry files. This only improves the
// page: without JavaScript, or where XMLHttpRequest is missing, the form posts
// as usual and the server answers the same way.
(function () {
  'use strict';

  function selectedBytes(form) {
    var total = 0;
    form.querySelectorAll('input[type=file]').forEach(function (input) {
      for (var i = 0; i < input.files.length; i++) {
        total += input.files[i].size;
      }
    });
    return total;
  }

  function statusFor(form) {
    var status = form.querySelector('.upload-status');
    if (status) {
      return status;
    }
    status = document.createElement('div');
    status.className = 'upload-status';
    status.setAttribute('role', 'status');
    var bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    var label = document.createElement('p');
    status.appendChild(label);
    status.appendChild(bar);
    var buttons = form.querySelector('.button-row');
    form.insertBefore(status, buttons || null);
    return status;
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.enctype !== 'multipart/form-data' || !form.dataset.uploadProgress) {
      return;
    }
    if (selectedBytes(form) === 0 || !window.FormData || !window.XMLHttpRequest) {
      return;
    }
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    var status = statusFor(form);
    var label = status.querySelector('p');
    var bar = status.querySelector('progress');
    form.querySelectorAll('button').forEach(function (b) { b.disabled = true; });

    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.upload.addEventListener('progress', function (e) {
      if (!e.lengthComputable) {
        return;
      }
      var percent = Math.floor(100 * e.loaded / e.total);
      bar.value = percent;
      label.textContent = form.dataset.uploadProgress.replace('{percent}', String(percent));
    });
    xhr.addEventListener('load', function () {
      // The server answered with the next page (after a redirect) or the
      // same page with its errors: show it as the browser would have.
      history.replaceState(null, '', xhr.responseURL);
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener('error', function () {
      label.textContent = form.dataset.uploadFailed;
      form.querySelectorAll('button').forEach(function (b) { b.disabled = false; });
    });
    label.textContent = form.dataset.uploadProgress.replace('{percent}', '0');
    xhr.send(data);
  });
}());
