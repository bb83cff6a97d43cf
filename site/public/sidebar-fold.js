// Phone width: the lecture list starts folded (it is open for desktop and for no-JS).
// A file, not an inline script, for the Content-Security-Policy (lib/content_security_policy.ts).
{
  const side = document.querySelector("details.sidebar");
  if (side && matchMedia("(max-width: 900px)").matches) side.open = false;
}
