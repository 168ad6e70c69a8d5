# Installs a downloaded omn binary on Windows after checking it against SHA256SUMS.
#
# Usage: scripts\install.ps1 -Binary omn-x86_64-pc-windows-msvc.exe [-Sums SHA256SUMS] [-Prefix DIR]
param(
  [Parameter(Mandatory = $true)][string]$Binary,
  [string]$Sums = "",
  [string]$Prefix = (Join-Path $env:LOCALAPPDATA "omnimancer\bin")
)
$ErrorActionPreference = "Stop"
if (-not (Test-Path -LiteralPath $Binary -PathType Leaf)) { Write-Error "no such file: $Binary"; exit 2 }
if ($Sums -eq "") { $Sums = Join-Path (Split-Path -Parent (Resolve-Path -LiteralPath $Binary)) "SHA256SUMS" }
if (-not (Test-Path -LiteralPath $Sums -PathType Leaf)) {
  Write-Error "no checksum file `"$Sums`": download SHA256SUMS with the binary, or pass -Sums"; exit 3
}
$name = Split-Path -Leaf $Binary
$expected = $null
foreach ($line in Get-Content -LiteralPath $Sums) {
  $parts = $line -split "\s+", 2
  if ($parts.Count -eq 2 -and ($parts[1] -eq $name -or $parts[1] -eq "*$name")) { $expected = $parts[0].ToLower() }
}
if ($null -eq $expected) { Write-Error "`"$name`" is not listed in `"$Sums`""; exit 3 }
$actual = (Get-FileHash -Algorithm SHA256 -LiteralPath $Binary).Hash.ToLower()
if ($actual -ne $expected) {
  Write-Error "checksum mismatch for `"$name`": expected $expected, got $actual; nothing was installed"; exit 3
}
New-Item -ItemType Directory -Force -Path $Prefix | Out-Null
$target = Join-Path $Prefix "omn.exe"
Copy-Item -LiteralPath $Binary -Destination "$target.tmp" -Force
Move-Item -LiteralPath "$target.tmp" -Destination $target -Force
Write-Output "Installed $target (sha256 $actual)"
if (-not (($env:PATH -split ";") -contains $Prefix)) { Write-Output "Add $Prefix to your PATH." }
Write-Output "Shell completions are for bash, zsh and fish (omn completions bash|zsh|fish); PowerShell has none yet."
