#!/bin/sh
# Checks the README's Neovim setup of `joblint server` in headless Neovim: opens a Job with
# `restartPolicy: Always`, waits for joblint's diagnostics, hovers the finding and prints both.
# Exit status 0 when the JL001 diagnostic and its hover arrived, 1 otherwise.
#
#   sh bench/nvim_lsp_check.sh            (needs `nvim` and `joblint` on PATH, joblint[lsp] installed)
#
# The init.lua below is the README's snippet (vim.lsp.start, Neovim 0.8+). Debian 12's neovim
# package is 0.7.2, which has no vim.lsp.start yet: there the same configuration goes through
# vim.lsp.start_client + vim.lsp.buf_attach_client, what vim.lsp.start does for you.
set -eu
command -v nvim >/dev/null || { echo "nvim not found (apt-get install neovim)"; exit 2; }
command -v joblint >/dev/null || { echo "joblint not found on PATH"; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM

cat > "$dir/job.yaml" <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
      - name: migrate
        image: registry.example.com/migrate:1.0
YAML

cat > "$dir/init.lua" <<'LUA'
-- The README's setup.
local function joblint_config(bufnr)
  local file = vim.api.nvim_buf_get_name(bufnr)
  return {
    name = "joblint",
    cmd = { "joblint", "server" },
    root_dir = vim.fn.fnamemodify(file, ":p:h"),
  }
end

vim.api.nvim_create_autocmd("FileType", {
  pattern = "yaml",
  callback = function(args)
    if vim.lsp.start then
      vim.lsp.start(joblint_config(args.buf))
    else -- Neovim 0.7
      local id = vim.lsp.start_client(joblint_config(args.buf))
      if id then vim.lsp.buf_attach_client(args.buf, id) end
    end
  end,
})

-- The check.
_G.joblint_check = function(out)
  local lines = {}
  local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 100)
  local found = false
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
    table.insert(lines, string.format("diagnostic %d:%d %s %s: %s", d.lnum + 1, d.col + 1, d.source or "?", code, d.message))
    if code == "JL001" then found = true end
  end
  local hovered = false
  if found then
    local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 7, character = 22 } }
    local replies = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 10000) or {}
    for _, reply in pairs(replies) do
      local contents = reply.result and reply.result.contents
      if contents and contents.value then
        table.insert(lines, "hover: " .. vim.split(contents.value, "\n")[1])
        hovered = contents.value:find("JL001", 1, true) ~= nil
      end
    end
  end
  if not ok then table.insert(lines, "no diagnostics within 30 s") end
  table.insert(lines, (found and hovered) and "OK" or "FAILED")
  vim.fn.writefile(lines, out)
  vim.cmd(found and hovered and "qall!" or "cquit!")
end
LUA

status=0
nvim --headless -u "$dir/init.lua" -c 'lua joblint_check("'"$dir"'/result.txt")' "$dir/job.yaml" >/dev/null 2>&1 || status=$?
nvim --version | head -1
cat "$dir/result.txt" 2>/dev/null || echo "no result written"
exit $status
