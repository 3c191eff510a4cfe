# Builds tearoff, puts it at a stable path and registers it with every browser
# found (Windows). Safe to re-run: a re-run upgrades in place.
#
#   powershell -ExecutionPolicy Bypass -File scripts\install.ps1
#   powershell -ExecutionPolicy Bypass -File scripts\install.ps1 --browser edge
#
# Arguments go to `tearoff install` (default: --browser all). The binary goes
# to %LOCALAPPDATA%\tearoff\tearoff.exe ($env:TEAROFF_PREFIX overrides the
# directory). Manifests and HKCU registry values name that absolute path.
$ErrorActionPreference = 'Stop'

$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$dir = if ($env:TEAROFF_PREFIX) { $env:TEAROFF_PREFIX } else { Join-Path $env:LOCALAPPDATA 'tearoff' }
$bin = Join-Path $dir 'tearoff.exe'

function Fail($msg) { Write-Error "install.ps1: $msg" -ErrorAction Continue; exit 1 }

if (-not (Get-Command go -ErrorAction SilentlyContinue)) {
    Fail 'Go is not installed or not on PATH. Install Go 1.26 or newer (https://go.dev/doc/install), open a new terminal, then re-run this script.'
}
New-Item -ItemType Directory -Force -Path $dir | Out-Null

# Build to a temporary file next to the target. Windows cannot overwrite an
# .exe that a browser is running as a host, but it can rename it: move the
# old one aside, move the new one in, and delete the old one when possible.
$tmp = Join-Path $dir ('.tearoff-' + [guid]::NewGuid().ToString('N') + '.exe')
# git may be missing, and Windows PowerShell turns its stderr into errors
# under 'Stop': the version is only a label, so any failure means "dev".
$version = 'dev'
try {
    $v = & git -c "safe.directory=$root" -C $root describe --always --dirty 2>$null
    if ($LASTEXITCODE -eq 0 -and $v) { $version = $v }
} catch { }
Write-Host "building tearoff ($version) ..."
Push-Location $root
try {
    $env:CGO_ENABLED = '0'
    go build -trimpath -buildvcs=false -ldflags "-X tearoff.dev/tearoff/host/service.Version=$version" -o $tmp ./host/cmd/tearoff
    if ($LASTEXITCODE -ne 0) { Remove-Item -Force -ErrorAction SilentlyContinue $tmp; Fail 'go build failed (see above)' }
} finally { Pop-Location }

$old = "$bin.old"
Remove-Item -Force -ErrorAction SilentlyContinue $old
if (Test-Path $bin) { Move-Item -Force $bin $old }
Move-Item -Force $tmp $bin
Remove-Item -Force -ErrorAction SilentlyContinue $old  # still running: removed by the next run
Write-Host "installed $bin"

$installArgs = if ($args.Count -gt 0) { $args } else { @('--browser', 'all') }
$report = & $bin install @installArgs
$status = $LASTEXITCODE
$report | ForEach-Object { Write-Host $_ }
if ($status -ne 0) {
    Fail "'tearoff install $installArgs' failed (see above); 'tearoff doctor' explains what each browser needs"
}

# The browsers that got a manifest (report lines: browser, op, path).
$browsers = $report | ForEach-Object {
    $f = -split $_
    if ($f.Count -ge 2 -and ($f[1] -eq 'wrote' -or $f[1] -eq 'unchanged') -and $f[0] -ne 'note:') { $f[0] }
} | Sort-Object -Unique

$src = Join-Path $root 'extension\src'
Write-Host ''
Write-Host "Now load the extension from ${src}:"
$pages = @{ chrome = 'chrome://extensions'; chromium = 'chrome://extensions'; edge = 'edge://extensions';
            brave = 'brave://extensions'; vivaldi = 'vivaldi://extensions' }
foreach ($b in $browsers) {
    if ($b -eq 'firefox') {
        Write-Host '  Firefox: open about:debugging#/runtime/this-firefox, click "Load Temporary Add-on..."'
        Write-Host "           and pick $src\manifest.json. It lasts until Firefox restarts;"
        Write-Host '           a permanent install in release Firefox needs the add-on signed by Mozilla.'
    } else {
        Write-Host "  ${b}: open $($pages[$b]), turn on ""Developer mode"", click ""Load unpacked"""
        Write-Host "           and pick the folder $src."
    }
}
if (-not $browsers) { Write-Host '  (no browser was registered; see the notes above)' }

$userPath = [Environment]::GetEnvironmentVariable('Path', 'User') + ';' + $env:Path
if (-not (($userPath -split ';') -contains $dir)) {
    Write-Host ''
    Write-Host "warning: $dir is not on your PATH, so the 'tearoff' command is not found in a terminal."
    Write-Host '         Browsers are fine (their manifests use the full path). To use the CLI, run once:'
    Write-Host "           [Environment]::SetEnvironmentVariable('Path', [Environment]::GetEnvironmentVariable('Path','User') + ';$dir', 'User')"
}
Write-Host ''
Write-Host "Check the set-up any time with: & '$bin' doctor"
