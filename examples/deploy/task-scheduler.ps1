# Registers omesync as a Windows scheduled task that runs every hour as
# SYSTEM. Run in an elevated PowerShell. Put omesync.exe in C:\omesync and
# the secret files in C:\ProgramData\omesync, readable by SYSTEM and
# Administrators only (omesync does not check ACLs on Windows):
#   icacls C:\ProgramData\omesync /inheritance:r /grant:r "SYSTEM:(OI)(CI)F" "Administrators:(OI)(CI)F"
[Environment]::SetEnvironmentVariable('OME_HOST', 'ome.example.com', 'Machine')
[Environment]::SetEnvironmentVariable('OME_USERNAME', 'omesync', 'Machine')
[Environment]::SetEnvironmentVariable('DSM_URL', 'https://yourproject.supabase.co', 'Machine')
[Environment]::SetEnvironmentVariable('DSM_EMAIL', 'omesync@example.com', 'Machine')
[Environment]::SetEnvironmentVariable('DSM_API_KEY', 'sb_publishable_replace_me', 'Machine')

$arguments = 'sync --ome-password-file C:\ProgramData\omesync\ome-password --dsm-password-file C:\ProgramData\omesync\dsm-password --lock-file C:\ProgramData\omesync\omesync.lock'
$action = New-ScheduledTaskAction -Execute 'cmd.exe' -Argument "/c C:\omesync\omesync.exe $arguments >> C:\ProgramData\omesync\omesync.log 2>&1"
$trigger = New-ScheduledTaskTrigger -Once -At (Get-Date).Date -RepetitionInterval (New-TimeSpan -Hours 1)
$settings = New-ScheduledTaskSettingsSet -MultipleInstances IgnoreNew -ExecutionTimeLimit (New-TimeSpan -Minutes 30)
Register-ScheduledTask -TaskName 'omesync' -Action $action -Trigger $trigger -Settings $settings -User 'SYSTEM' -RunLevel Highest
