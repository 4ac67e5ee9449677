// Copy buttons of the example queries: the clipboard where the browser allows it, else select the text.
document.querySelectorAll("button.copy").forEach(function (button) {
  button.addEventListener("click", function () {
    var pre = document.getElementById(button.getAttribute("data-target"));
    var select = function () {
      var range = document.createRange();
      range.selectNodeContents(pre);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      button.textContent = "Selected: press Ctrl+C";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(pre.textContent).then(function () { button.textContent = "Copied"; }, select);
    } else {
      select();
    }
    window.setTimeout(function () { button.textContent = "Copy"; }, 2500);
  });
});
