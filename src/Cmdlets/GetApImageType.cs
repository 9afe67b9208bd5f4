namespace EwcUpgrade.Cmdlets;
